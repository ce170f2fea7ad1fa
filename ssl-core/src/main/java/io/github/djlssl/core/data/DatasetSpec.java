package io.github.djlssl.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset named on the command line: {@code fashion-mnist}, {@code mnist}, {@code cifar10},
 * {@code folder:PATH} or {@code synthetic[:N]}, parsed by {@link #parse(String)} and turned into
 * an {@link ImageSource} by {@link #open}.
 *
 * @param kind which dataset
 * @param path the folder of {@code folder:PATH}; empty otherwise (and for a bare {@code folder})
 * @param size number of training images of {@code synthetic:N}; 0 for the default
 */
public record DatasetSpec(Kind kind, Optional<Path> path, int size) {

    /** The names {@link #parse} accepts, for help texts and error messages. */
    public static final List<String> KNOWN_NAMES =
            List.of("fashion-mnist", "mnist", "cifar10", "folder:PATH", "synthetic[:N]");

    /** Synthetic defaults: training images, classes, image side. The test split is a quarter. */
    static final int SYNTHETIC_SIZE = 4096;

    static final int SYNTHETIC_CLASSES = 10;
    static final int SYNTHETIC_IMAGE_SIZE = 32;
    static final int FOLDER_IMAGE_SIZE = 64;

    /** The supported datasets. */
    public enum Kind {
        /** Fashion-MNIST idx files; default directory {@link IdxImageSource#FASHION_MNIST_DEFAULT_DIR}. */
        FASHION_MNIST,
        /** MNIST idx files; default directory {@link IdxImageSource#MNIST_DEFAULT_DIR}. */
        MNIST,
        /** CIFAR-10 binary batches; default directory {@link Cifar10Source#DEFAULT_DIR}. */
        CIFAR10,
        /** A JPEG/PNG folder, see {@link ImageFolderSource}. */
        FOLDER,
        /** Generated images, see {@link SyntheticImageSource}. */
        SYNTHETIC
    }

    /**
     * Validates the fields.
     *
     * @param kind which dataset
     * @param path folder path, only for {@link Kind#FOLDER}
     * @param size synthetic size, &ge; 0
     */
    public DatasetSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        if (path.isPresent() && kind != Kind.FOLDER) {
            throw new IllegalArgumentException("path is only meaningful for folder datasets, got " + kind);
        }
        if (size < 0 || (size > 0 && kind != Kind.SYNTHETIC)) {
            throw new IllegalArgumentException("size must be 0, or > 0 for synthetic datasets; got " + size);
        }
    }

    /**
     * Parses a dataset name (case-insensitive, except the folder path).
     *
     * @param text e.g. {@code "fashion-mnist"}, {@code "folder:/data/pets"}, {@code "synthetic:512"}
     * @return the spec
     * @throws IllegalArgumentException for an unknown name; the message lists the known names
     */
    public static DatasetSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
        String arg = colon < 0 ? null : trimmed.substring(colon + 1);
        switch (name) {
            case "fashion-mnist":
            case "fashion_mnist":
            case "fashionmnist":
                return simple(Kind.FASHION_MNIST, arg, text);
            case "mnist":
                return simple(Kind.MNIST, arg, text);
            case "cifar10":
            case "cifar-10":
                return simple(Kind.CIFAR10, arg, text);
            case "folder":
                if (arg != null && arg.isEmpty()) {
                    throw new IllegalArgumentException("folder: needs a path, e.g. folder:/data/images");
                }
                return new DatasetSpec(Kind.FOLDER, Optional.ofNullable(arg).map(Paths::get), 0);
            case "synthetic":
                if (arg == null) {
                    return new DatasetSpec(Kind.SYNTHETIC, Optional.empty(), 0);
                }
                try {
                    int n = Integer.parseInt(arg);
                    if (n < 1) {
                        throw new NumberFormatException();
                    }
                    return new DatasetSpec(Kind.SYNTHETIC, Optional.empty(), n);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "synthetic:N needs a positive image count, got '" + arg + "'", e);
                }
            default:
                throw new IllegalArgumentException(
                        "unknown dataset '" + text + "'; known datasets: " + String.join(", ", KNOWN_NAMES));
        }
    }

    private static DatasetSpec simple(Kind kind, String arg, String text) {
        if (arg != null) {
            throw new IllegalArgumentException("dataset '" + text + "' takes no ':' argument; known datasets: "
                    + String.join(", ", KNOWN_NAMES));
        }
        return new DatasetSpec(kind, Optional.empty(), 0);
    }

    /**
     * Opens the dataset with the default channel count.
     *
     * @param dataDir overrides the default directory when present (see {@link #open(Optional,
     *     Split, int, int)})
     * @param split train or test
     * @param imageSize image side for folder and synthetic datasets; 0 for their defaults (64 and
     *     32); ignored by fixed-size datasets
     * @return the source
     * @throws IOException if the dataset is missing or malformed
     */
    public ImageSource open(Optional<Path> dataDir, Split split, int imageSize) throws IOException {
        return open(dataDir, split, imageSize, 0);
    }

    /**
     * Opens the dataset.
     *
     * <p>Directories: {@code dataDir}, when present, always wins over the default directory of
     * Fashion-MNIST, MNIST and CIFAR-10. For {@code folder:PATH} a relative PATH is resolved
     * against {@code dataDir}, and a bare {@code folder} uses {@code dataDir} itself. A folder
     * holding {@code train/} reads {@code train/} for the train split and {@code test/} (or {@code
     * val/}) for the test split; otherwise both splits read the whole folder. A folder whose
     * entries include sub-folders is labelled by them; one with only files is unlabelled.
     *
     * <p>Sizes: Fashion-MNIST, MNIST (1x28x28) and CIFAR-10 (3x32x32) keep their native size (a
     * training resolution is the augmentation's job), so {@code imageSize} is ignored for them.
     *
     * @param dataDir overrides the default directory when present
     * @param split train or test
     * @param imageSize image side for folder and synthetic datasets; 0 for their defaults
     * @param channels 1 or 3 for folder and synthetic datasets (default 3); must be 0 or the
     *     native count for the others
     * @return the source
     * @throws IOException if the dataset is missing or malformed
     */
    public ImageSource open(Optional<Path> dataDir, Split split, int imageSize, int channels)
            throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(split, "split");
        if (imageSize < 0) {
            throw new IllegalArgumentException("imageSize must be >= 0, got " + imageSize);
        }
        if (channels != 0 && channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 0, 1 or 3, got " + channels);
        }
        switch (kind) {
            case FASHION_MNIST:
                requireChannels(channels, 1);
                return IdxImageSource.fashionMnist(dataDir.orElse(IdxImageSource.FASHION_MNIST_DEFAULT_DIR), split);
            case MNIST:
                requireChannels(channels, 1);
                return IdxImageSource.mnist(dataDir.orElse(IdxImageSource.MNIST_DEFAULT_DIR), split);
            case CIFAR10:
                requireChannels(channels, 3);
                return Cifar10Source.read(dataDir.orElse(Cifar10Source.DEFAULT_DIR), split);
            case FOLDER:
                return openFolder(dataDir, split, imageSize, channels);
            case SYNTHETIC:
                int train = size == 0 ? SYNTHETIC_SIZE : size;
                return new SyntheticImageSource(
                        split == Split.TRAIN ? train : Math.max(1, train / 4),
                        channels == 0 ? 3 : channels,
                        imageSize == 0 ? SYNTHETIC_IMAGE_SIZE : imageSize,
                        SYNTHETIC_CLASSES,
                        split == Split.TRAIN ? 0 : 1);
            default:
                throw new AssertionError(kind);
        }
    }

    private void requireChannels(int channels, int nativeChannels) {
        if (channels != 0 && channels != nativeChannels) {
            throw new IllegalArgumentException(this + " images have " + nativeChannels
                    + " channel" + (nativeChannels == 1 ? "" : "s") + "; cannot open with channels=" + channels);
        }
    }

    private ImageSource openFolder(Optional<Path> dataDir, Split split, int imageSize, int channels)
            throws IOException {
        Path root;
        if (path.isPresent()) {
            root = dataDir.isPresent() ? dataDir.get().resolve(path.get()) : path.get();
        } else {
            root = dataDir.orElseThrow(() -> new IllegalArgumentException(
                    "a bare 'folder' dataset needs a data directory; use folder:PATH or pass --data-dir DIR"));
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetNotFoundException("image folder " + root + " does not exist or is not a directory");
        }
        Path dir = root;
        if (Files.isDirectory(root.resolve("train"))) {
            if (split == Split.TRAIN) {
                dir = root.resolve("train");
            } else if (Files.isDirectory(root.resolve("test"))) {
                dir = root.resolve("test");
            } else if (Files.isDirectory(root.resolve("val"))) {
                dir = root.resolve("val");
            } else {
                throw new DatasetNotFoundException(
                        root + " has train/ but neither test/ nor val/ for the test split");
            }
        }
        boolean labelled;
        try (var entries = Files.list(dir)) {
            labelled = entries.anyMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
        }
        return ImageFolderSource.builder(dir)
                .imageSize(imageSize == 0 ? FOLDER_IMAGE_SIZE : imageSize)
                .channels(channels == 0 ? 3 : channels)
                .labelled(labelled)
                .build();
    }

    /**
     * Returns the canonical spelling, which {@link #parse} accepts.
     *
     * @return e.g. {@code "fashion-mnist"} or {@code "folder:/data/pets"}
     */
    @Override
    public String toString() {
        switch (kind) {
            case FASHION_MNIST:
                return "fashion-mnist";
            case MNIST:
                return "mnist";
            case CIFAR10:
                return "cifar10";
            case FOLDER:
                return path.map(p -> "folder:" + p).orElse("folder");
            default:
                return size == 0 ? "synthetic" : "synthetic:" + size;
        }
    }
}
