package io.github.djlssl.core.embed;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.BufferedImageFactory;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.TranslateException;
import io.github.djlssl.core.data.ImageDecoder;
import io.github.djlssl.core.data.ImageFolderFiles;
import io.github.djlssl.core.data.InvalidDatasetException;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.run.PretrainedEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds images with a pretrained encoder through a DJL {@link Predictor}: {@code
 * Model.newInstance} + {@code setBlock(encoder)} + {@code newPredictor(}{@link
 * EmbeddingTranslator}{@code )}. Every result is an L2-normalised {@code float[D]}.
 *
 * <pre>{@code
 * try (ImageEmbedder embedder = ImageEmbedder.fromRun(Path.of("runs/simclr"))) {
 *     float[] v = embedder.embed(Path.of("cat.jpg"));            // ||v|| = 1
 *     float[][] all = embedder.embedAll(List.of(a, b, c));       // one forward per batch
 * }
 * }</pre>
 *
 * <p>The encoder runs in eval mode (BatchNorm running statistics), so an image's vector does not
 * depend on its batch. Files are read with the decoder of folder datasets and wrapped with DJL's
 * {@link BufferedImageFactory} (whatever {@code ImageFactory} is installed), so {@code embed(path)}
 * and {@code embed(ImageIO.read(path))} agree exactly. Runs on the device given at construction
 * (CPU or GPU alike). Not thread-safe: use one embedder per thread, as with any DJL predictor.
 */
public final class ImageEmbedder implements AutoCloseable {

    /** Images per forward pass when none is given. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ImageEmbedder.class);
    private static final BufferedImageFactory IMAGES = new BufferedImageFactory();

    private final NDManager ownedManager;
    private final Model model;
    private final Predictor<Image, float[]> predictor;
    private final EmbeddingTranslator translator;
    private final int dimension;

    private ImageEmbedder(Encoder encoder, EmbeddingTranslator translator, Device device, NDManager ownedManager) {
        this.ownedManager = ownedManager;
        this.translator = translator;
        this.dimension = encoder.featureDim();
        this.model = Model.newInstance("djl-ssl-embed-" + encoder.architecture(), device);
        model.setBlock(encoder);
        this.predictor = model.newPredictor(translator);
    }

    /**
     * Loads a pretraining run's encoder on the engine's default device.
     *
     * @param runDirectory the {@code --out} of a finished run
     * @return an embedder that owns the encoder's parameters
     * @throws IOException if the run cannot be loaded (see {@link PretrainedEncoder#load})
     */
    public static ImageEmbedder fromRun(Path runDirectory) throws IOException {
        return fromRun(runDirectory, ai.djl.engine.Engine.getInstance().defaultDevice());
    }

    /**
     * Loads a pretraining run's encoder on a device.
     *
     * @param runDirectory the {@code --out} of a finished run
     * @param device where the encoder runs
     * @return an embedder that owns the encoder's parameters
     * @throws IOException if the run cannot be loaded (see {@link PretrainedEncoder#load})
     */
    public static ImageEmbedder fromRun(Path runDirectory, Device device) throws IOException {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            PretrainedEncoder p = PretrainedEncoder.load(runDirectory, manager);
            return new ImageEmbedder(p.encoder(), EmbeddingTranslator.of(p.spec(), p.normalization()), device, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Wraps an initialised encoder the caller keeps owning (closing the embedder leaves its
     * parameters alone).
     *
     * @param encoder an initialised encoder
     * @param translator its input geometry and normalisation
     * @param device where it runs (where its parameters live)
     * @return the embedder
     */
    public static ImageEmbedder of(Encoder encoder, EmbeddingTranslator translator, Device device) {
        return new ImageEmbedder(Objects.requireNonNull(encoder, "encoder"),
                Objects.requireNonNull(translator, "translator"), Objects.requireNonNull(device, "device"), null);
    }

    /**
     * Returns the embedding width.
     *
     * @return D
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Returns the translator (input size, channels, normalisation).
     *
     * @return the translator
     */
    public EmbeddingTranslator translator() {
        return translator;
    }

    /**
     * Embeds one DJL image.
     *
     * @param image any size, colour or gray
     * @return a unit vector of length D
     * @throws TranslateException if the forward pass fails
     */
    public float[] embed(Image image) throws TranslateException {
        return predictor.predict(image);
    }

    /**
     * Embeds one AWT image.
     *
     * @param image any size and colour model
     * @return a unit vector of length D
     * @throws TranslateException if the forward pass fails
     */
    public float[] embed(BufferedImage image) throws TranslateException {
        return embed(IMAGES.fromImage(image));
    }

    /**
     * Embeds one JPEG or PNG file.
     *
     * @param file the image file
     * @return a unit vector of length D
     * @throws IOException naming the file if it cannot be decoded
     * @throws TranslateException if the forward pass fails
     */
    public float[] embed(Path file) throws IOException, TranslateException {
        return embed(IMAGES.fromImage(read(file)));
    }

    /**
     * Embeds DJL images in batches of {@link #DEFAULT_BATCH_SIZE}.
     *
     * @param images the images
     * @return one unit vector per image, in order
     * @throws TranslateException if a forward pass fails
     */
    public float[][] embedImages(List<Image> images) throws TranslateException {
        List<float[]> out = new ArrayList<>(images.size());
        for (int start = 0; start < images.size(); start += DEFAULT_BATCH_SIZE) {
            out.addAll(predictor.batchPredict(images.subList(start, Math.min(images.size(), start + DEFAULT_BATCH_SIZE))));
        }
        return out.toArray(new float[0][]);
    }

    /**
     * Embeds files in batches of {@link #DEFAULT_BATCH_SIZE}.
     *
     * @param files JPEG or PNG files
     * @return one unit vector per file, in order
     * @throws IOException naming the first file that cannot be decoded (nothing is skipped)
     * @throws TranslateException if a forward pass fails
     */
    public float[][] embedAll(List<Path> files) throws IOException, TranslateException {
        return embedAll(files, DEFAULT_BATCH_SIZE);
    }

    /**
     * Embeds files, {@code batchSize} per forward pass; only one batch of decoded images is held.
     *
     * @param files JPEG or PNG files
     * @param batchSize images per forward pass, &ge; 1
     * @return one unit vector per file, in order
     * @throws IOException naming the first file that cannot be decoded (nothing is skipped)
     * @throws TranslateException if a forward pass fails
     */
    public float[][] embedAll(List<Path> files, int batchSize) throws IOException, TranslateException {
        requireBatchSize(batchSize);
        float[][] out = new float[files.size()][];
        for (int start = 0; start < files.size(); start += batchSize) {
            int end = Math.min(files.size(), start + batchSize);
            List<Image> batch = new ArrayList<>(end - start);
            for (Path file : files.subList(start, end)) {
                batch.add(IMAGES.fromImage(read(file)));
            }
            List<float[]> vectors = predictor.batchPredict(batch);
            for (int i = 0; i < vectors.size(); i++) {
                out[start + i] = vectors.get(i);
            }
        }
        return out;
    }

    /**
     * Embeds every image below a folder ({@link ImageFolderFiles}: recursive, {@code .jpg}, {@code
     * .jpeg}, {@code .png}, sorted by path). As in {@link
     * io.github.djlssl.core.data.ImageFolderSource}, a file that cannot be decoded is skipped with a
     * warning and listed in {@link FolderEmbeddings#skipped()}, so one bad file does not stop a large
     * job; other files (text, hidden files) are not looked at.
     *
     * @param root the folder
     * @param batchSize images per forward pass, &ge; 1
     * @return the embeddings, one row per decodable file
     * @throws io.github.djlssl.core.data.DatasetNotFoundException if the folder does not exist
     * @throws InvalidDatasetException if it holds no image file or none decodes
     * @throws IOException if it cannot be listed
     * @throws TranslateException if a forward pass fails
     */
    public FolderEmbeddings embedFolder(Path root, int batchSize) throws IOException, TranslateException {
        requireBatchSize(batchSize);
        List<Path> files = ImageFolderFiles.list(root);
        if (files.isEmpty()) {
            throw new InvalidDatasetException(root, "no images to embed; looked for *.jpg, *.jpeg and *.png");
        }
        List<String> names = new ArrayList<>(files.size());
        List<float[]> vectors = new ArrayList<>(files.size());
        List<String> skipped = new ArrayList<>();
        List<Image> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            try {
                batch.add(IMAGES.fromImage(ImageDecoder.read(file)));
                names.add(ImageFolderFiles.relativeName(root, file));
            } catch (IOException | RuntimeException e) {
                // Decoders throw unchecked exceptions on some corrupt inputs too.
                skipped.add(file + ": " + e.getMessage());
                LOG.warn("skipping image that cannot be decoded: {}: {}", file, e.getMessage());
            }
            if (batch.size() == batchSize || (i == files.size() - 1 && !batch.isEmpty())) {
                vectors.addAll(predictor.batchPredict(batch));
                batch.clear();
            }
        }
        if (vectors.isEmpty()) {
            throw new InvalidDatasetException(root, "none of the " + files.size()
                    + " image files could be decoded; first error: " + skipped.get(0));
        }
        if (!skipped.isEmpty()) {
            LOG.warn("skipped {} of {} image files in {} that could not be decoded", skipped.size(), files.size(), root);
        }
        return new FolderEmbeddings(root, names, vectors.toArray(new float[0][]), skipped);
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        if (ownedManager != null) {
            ownedManager.close();
        }
    }

    private static BufferedImage read(Path file) throws IOException {
        try {
            return ImageDecoder.read(file);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void requireBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }
}
