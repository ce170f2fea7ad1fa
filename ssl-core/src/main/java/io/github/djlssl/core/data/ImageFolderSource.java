package io.github.djlssl.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG and PNG images from a folder: labelled by class sub-folder ({@code root/cat/*.jpg,
 * root/dog/*.png}, the torchvision {@code ImageFolder} layout, classes sorted by name) or a flat,
 * unlabelled folder (all images below {@code root}).
 *
 * <p>All images are decoded once, in parallel, at construction, resized and centre-cropped to
 * {@code imageSize x imageSize} (see {@link ImageDecoder}: progressive bilinear, close to area
 * averaging) and converted to grayscale or RGB. They are then held in memory, so the folder must
 * fit at the configured size: {@code N * C * S^2} bytes of heap, e.g. 100 000 RGB images at 64 px
 * take 1.2 GB, at 96 px 2.8 GB. Decoding up front also finds corrupt files before training starts:
 * each one is skipped with a warning and counted ({@link #skippedFiles()}), so one bad file never
 * kills a long run. Files are sorted by path, so the index of every image is deterministic.
 */
public final class ImageFolderSource implements ImageSource {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderSource.class);
    private static final int MAX_LOGGED_SKIPS = 20;

    private final Path root;
    private final int channels;
    private final int imageSize;
    private final byte[][] images;
    private final int[] labels;
    private final List<String> classNames;
    private final int skipped;

    private ImageFolderSource(Builder b, byte[][] images, int[] labels, List<String> classNames, int skipped) {
        this.root = b.root;
        this.channels = b.channels;
        this.imageSize = b.imageSize;
        this.images = images;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.skipped = skipped;
    }

    /**
     * Starts a builder for the folder at {@code root}.
     *
     * @param root the folder
     * @return a builder: labelled by sub-folder, 3 channels, 64 px by default
     */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /**
     * Returns how many image files could not be decoded and were skipped.
     *
     * @return the count
     */
    public int skippedFiles() {
        return skipped;
    }

    @Override
    public int size() {
        return images.length;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return imageSize;
    }

    @Override
    public int width() {
        return imageSize;
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        byte[] image = images[index];
        System.arraycopy(image, 0, dst, offset, image.length);
    }

    @Override
    public int label(int index) {
        Objects.checkIndex(index, images.length);
        return labels == null ? -1 : labels[index];
    }

    @Override
    public String description() {
        return String.format(
                "folder %s (%d images, %dx%dx%d, %s%s)",
                root, images.length, channels, imageSize, imageSize,
                labels == null ? "unlabelled" : classNames.size() + " classes",
                skipped == 0 ? "" : ", " + skipped + " corrupt files skipped");
    }

    /** Builder for {@link ImageFolderSource}. */
    public static final class Builder {
        private final Path root;
        private int imageSize = 64;
        private int channels = 3;
        private boolean labelled = true;
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /**
         * Sets the side of the square images produced (default 64).
         *
         * @param size pixels, &ge; 1
         * @return this builder
         */
        public Builder imageSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("imageSize must be >= 1, got " + size);
            }
            this.imageSize = size;
            return this;
        }

        /**
         * Sets grayscale (1) or RGB (3) output (default 3).
         *
         * @param channels 1 or 3
         * @return this builder
         */
        public Builder channels(int channels) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
            this.channels = channels;
            return this;
        }

        /**
         * Chooses labels from class sub-folders (true, the default) or a flat unlabelled folder.
         *
         * @param labelled whether immediate sub-folders are classes
         * @return this builder
         */
        public Builder labelled(boolean labelled) {
            this.labelled = labelled;
            return this;
        }

        /**
         * Sets the number of decoding threads (default min(4, processors)).
         *
         * @param threads &ge; 1
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Scans the folder and decodes every image.
         *
         * @return the source
         * @throws DatasetNotFoundException if the folder does not exist
         * @throws InvalidDatasetException if it holds no JPEG/PNG images, or none decodes
         * @throws IOException if the folder cannot be listed
         */
        public ImageFolderSource build() throws IOException {
            if (!Files.isDirectory(root)) {
                throw new DatasetNotFoundException("image folder " + root + " does not exist or is not a directory");
            }
            List<String> classNames = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            List<Integer> fileLabels = new ArrayList<>();
            if (labelled) {
                for (Path dir : listSorted(root, Files::isDirectory)) {
                    List<Path> classFiles = ImageFolderFiles.list(dir);
                    if (classFiles.isEmpty()) {
                        LOG.warn("class folder {} holds no JPEG or PNG images", dir);
                    }
                    for (Path f : classFiles) {
                        files.add(f);
                        fileLabels.add(classNames.size());
                    }
                    classNames.add(dir.getFileName().toString());
                }
            } else {
                files.addAll(ImageFolderFiles.list(root));
            }
            if (files.isEmpty()) {
                String where = labelled
                        ? (classNames.isEmpty() ? "no class sub-folders" : "no images in its class sub-folders")
                                + " (pass labelled(false) for a flat, unlabelled folder)"
                        : "no images";
                throw new InvalidDatasetException(root, "empty image folder: " + where
                        + "; looked for *.jpg, *.jpeg and *.png");
            }
            String[] errors = new String[files.size()];
            byte[][] decoded = decodeAll(files, errors);
            List<byte[]> kept = new ArrayList<>();
            List<Integer> keptLabels = new ArrayList<>();
            int skipped = 0;
            String firstError = null;
            for (int i = 0; i < decoded.length; i++) {
                if (decoded[i] == null) {
                    skipped++;
                    firstError = firstError == null ? errors[i] : firstError;
                    if (skipped <= MAX_LOGGED_SKIPS) {
                        LOG.warn("skipping corrupt image {}", errors[i]);
                    }
                } else {
                    kept.add(decoded[i]);
                    if (labelled) {
                        keptLabels.add(fileLabels.get(i));
                    }
                }
            }
            if (skipped > 0) {
                LOG.warn("skipped {} of {} image files in {} that could not be decoded", skipped, files.size(), root);
            }
            if (kept.isEmpty()) {
                throw new InvalidDatasetException(root, "none of the " + files.size()
                        + " image files could be decoded; first error: " + firstError);
            }
            int[] labels = labelled ? keptLabels.stream().mapToInt(Integer::intValue).toArray() : null;
            return new ImageFolderSource(this, kept.toArray(new byte[0][]), labels,
                    labelled ? classNames : List.of(), skipped);
        }

        private byte[][] decodeAll(List<Path> files, String[] errors) throws IOException {
            byte[][] out = new byte[files.size()][];
            AtomicInteger next = new AtomicInteger();
            AtomicReference<Throwable> fatal = new AtomicReference<>();
            Runnable work = () -> {
                for (int i = next.getAndIncrement(); i < out.length; i = next.getAndIncrement()) {
                    Path file = files.get(i);
                    try {
                        out[i] = ImageDecoder.decode(file, imageSize, channels);
                    } catch (IOException | RuntimeException e) {
                        // Decoders throw unchecked exceptions on some corrupt inputs too.
                        errors[i] = file + ": " + e;
                    }
                }
            };
            int n = Math.min(threads, out.length);
            List<Thread> workers = new ArrayList<>();
            for (int t = 1; t < n; t++) {
                Thread thread = new Thread(work, "djl-ssl-image-decoder-" + t);
                thread.setDaemon(true);
                thread.setUncaughtExceptionHandler((th, e) -> {
                    fatal.compareAndSet(null, e);
                    next.set(out.length); // stop the other workers
                });
                thread.start();
                workers.add(thread);
            }
            work.run();
            try {
                for (Thread thread : workers) {
                    thread.join();
                }
            } catch (InterruptedException e) {
                next.set(out.length);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while decoding " + root, e);
            }
            if (fatal.get() != null) {
                // e.g. OutOfMemoryError: the folder does not fit at this image size.
                throw new IOException("decoding " + root + " failed: " + fatal.get(), fatal.get());
            }
            return out;
        }

        private static List<Path> listSorted(Path dir, Predicate<Path> filter) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(filter)
                        .sorted(Comparator.comparing(Path::toString))
                        .collect(Collectors.toList());
            }
        }
    }
}
