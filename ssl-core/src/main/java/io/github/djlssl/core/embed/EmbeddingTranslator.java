package io.github.djlssl.core.embed;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.data.ImageDecoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.eval.EvalTransform;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A DJL translator from an {@link Image} to the L2-normalised pooled feature of an encoder: {@code
 * float[D]} with {@code ||v||_2 = 1}, so cosine similarity is a dot product.
 *
 * <p>Input: the image goes through {@link ImageDecoder#decode(BufferedImage, int, int)}, the decoder
 * of folder datasets: converted to RGB (alpha dropped, gray levels kept), the centred square of side
 * {@code min(w, h)} cut out (a non-square image loses the ends of its longer side, i.e. "resize the
 * shorter side, centre-crop"), resized to the encoder's input size, then reduced to one luma plane
 * for one-channel encoders (ITU-R 601) or kept as three RGB planes (a gray image becomes three equal
 * planes). The uint8 {@code [B, C, S, S]} batch is then scaled to [0, 1] and normalised by {@link
 * EvalTransform}, exactly as kNN and linear evaluation see images. DJL's own image transforms are
 * not used: several are wrong on the PyTorch engine.
 *
 * <p>Batching: {@link #getBatchifier()} is {@link Batchifier#STACK} and both batch hooks are
 * overridden, so {@code predictor.batchPredict(images)} uploads one uint8 tensor, runs one forward
 * pass and downloads one {@code [B, D]} float array.
 *
 * <p>Images not backed by a {@code BufferedImage} (another {@code ImageFactory}) are converted
 * through {@link Image#toNDArray(NDManager, Image.Flag)} first.
 */
public final class EmbeddingTranslator implements Translator<Image, float[]> {

    /** Norms are clamped to at least this before dividing, as torch.nn.functional.normalize does. */
    static final double EPS = 1e-12;

    private final int imageSize;
    private final int channels;
    private final Normalize normalization;
    private final Function<NDArray, NDArray> transform;

    /**
     * Creates a translator for an encoder input of {@code channels x imageSize x imageSize}.
     *
     * @param imageSize side of the square input, &ge; 1
     * @param channels 1 or 3
     * @param normalization the run's per-channel normalisation (1 or {@code channels} entries)
     */
    public EmbeddingTranslator(int imageSize, int channels, Normalize normalization) {
        if (imageSize < 1) {
            throw new IllegalArgumentException("imageSize must be >= 1, got " + imageSize);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        Objects.requireNonNull(normalization, "normalization");
        if (normalization.channels() != channels && normalization.channels() != 1) {
            throw new IllegalArgumentException("normalization has " + normalization.channels()
                    + " channels but the encoder takes " + channels);
        }
        this.imageSize = imageSize;
        this.channels = channels;
        this.normalization = normalization;
        this.transform = EvalTransform.of(normalization);
    }

    /**
     * Creates the translator for an encoder architecture.
     *
     * @param spec the encoder (its input size and channel count)
     * @param normalization the normalisation it was trained with
     * @return the translator
     */
    public static EmbeddingTranslator of(EncoderSpec spec, Normalize normalization) {
        return new EmbeddingTranslator(spec.imageSize(), spec.inputChannels(), normalization);
    }

    /**
     * Returns the side of the square encoder input.
     *
     * @return S in {@code [B, C, S, S]}
     */
    public int imageSize() {
        return imageSize;
    }

    /**
     * Returns the encoder's channel count.
     *
     * @return C in {@code [B, C, S, S]}
     */
    public int channels() {
        return channels;
    }

    /**
     * Returns the normalisation applied after scaling to [0, 1].
     *
     * @return the run's normalisation
     */
    public Normalize normalization() {
        return normalization;
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    /** One image to a normalised float {@code [C, S, S]} (used when no batchifier applies). */
    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        return new NDList(encoderInput(ctx.getNDManager(), List.of(input)).squeeze(0));
    }

    /** All images to one normalised float {@code [B, C, S, S]}: one upload, one transform. */
    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<Image> inputs) {
        return new NDList(encoderInput(ctx.getNDManager(), inputs));
    }

    /** One feature {@code [D]} to a unit vector. */
    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return unitRows(list.singletonOrThrow().expandDims(0))[0];
    }

    /** Features {@code [B, D]} to B unit vectors with one normalisation and one download. */
    @Override
    public List<float[]> batchProcessOutput(TranslatorContext ctx, NDList list) {
        return Arrays.asList(unitRows(list.singletonOrThrow()));
    }

    /**
     * Builds the normalised encoder input of a batch of images.
     *
     * @param manager where the tensor is created (its device is where it lives)
     * @param images the images, any size and colour model
     * @return float32 {@code [B, C, S, S]}
     */
    NDArray encoderInput(NDManager manager, List<Image> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to embed");
        }
        int plane = channels * imageSize * imageSize;
        byte[] pixels = new byte[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage image = bufferedImage(manager, images.get(i));
            byte[] chw = ImageDecoder.decode(image, imageSize, channels);
            System.arraycopy(chw, 0, pixels, i * plane, plane);
        }
        NDArray uint8 = manager.create(
                ByteBuffer.wrap(pixels), new Shape(images.size(), channels, imageSize, imageSize), DataType.UINT8);
        return transform.apply(uint8);
    }

    private static float[][] unitRows(NDArray features) {
        Shape shape = features.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalStateException("the encoder must return pooled features [B, D], got " + shape);
        }
        NDArray unit = features.toType(DataType.FLOAT32, false).normalize(2, 1, EPS);
        float[] flat = unit.toFloatArray();
        int rows = (int) shape.get(0);
        int dim = (int) shape.get(1);
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
        }
        return out;
    }

    private static BufferedImage bufferedImage(NDManager manager, Image image) {
        Objects.requireNonNull(image, "image");
        if (image.getWrappedImage() instanceof BufferedImage buffered) {
            return buffered;
        }
        // Another ImageFactory (e.g. OpenCV): go through its RGB HWC uint8 tensor.
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] hwc;
        try (NDManager scope = manager.newSubManager()) {
            hwc = image.toNDArray(scope, Image.Flag.COLOR).toType(DataType.UINT8, false).toByteArray();
        }
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (hwc[3 * i] & 0xFF) << 16 | (hwc[3 * i + 1] & 0xFF) << 8 | (hwc[3 * i + 2] & 0xFF);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }
}
