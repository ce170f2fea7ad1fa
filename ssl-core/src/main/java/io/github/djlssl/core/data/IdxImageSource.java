package io.github.djlssl.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Grayscale images from idx files, the format of MNIST and Fashion-MNIST (LeCun et al. 1998;
 * Xiao et al. 2017, arXiv:1708.07747): {@code [N, 1, H, W]} uint8 with labels 0..9.
 *
 * <p>Files may be plain or gzip-compressed; compression is detected from the content, and both
 * {@code name} and {@code name.gz} are accepted. The whole split is read into one byte array
 * (Fashion-MNIST train: 47 MB, about 0.2 s). Header sizes are checked against the file length
 * before anything is allocated.
 */
public final class IdxImageSource extends ArrayImageSource {

    /** Where Debian's {@code dataset-fashion-mnist} package installs Fashion-MNIST. */
    public static final Path FASHION_MNIST_DEFAULT_DIR = Paths.get("/usr/share/datasets/fashion-mnist");

    /** Default directory searched for MNIST; pass another with {@code --data-dir}. */
    public static final Path MNIST_DEFAULT_DIR = Paths.get("/usr/share/datasets/mnist");

    /** Fashion-MNIST's class names, in label order. */
    public static final List<String> FASHION_MNIST_CLASSES =
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                    "Sneaker", "Bag", "Ankle boot");

    /** MNIST's class names: the digits. */
    public static final List<String> MNIST_CLASSES =
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private static final String FILES_NOTE =
            "train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz)"
                    + " and t10k-labels-idx1-ubyte(.gz)";

    /** How to obtain Fashion-MNIST; part of every not-found message for it. */
    static final String FASHION_MNIST_HINT =
            "To get Fashion-MNIST: install Debian's package: apt-get install dataset-fashion-mnist"
                    + " (it installs into " + FASHION_MNIST_DEFAULT_DIR + "), or pass --data-dir DIR"
                    + " holding " + FILES_NOTE + ", or download them from the official repository"
                    + " (github.com/zalandoresearch/fashion-mnist) when online";

    /** How to obtain MNIST; part of every not-found message for it. */
    static final String MNIST_HINT =
            "To get MNIST: pass --data-dir DIR holding " + FILES_NOTE + ", downloaded when online"
                    + " from yann.lecun.com/exdb/mnist or its mirror ossci-datasets.s3.amazonaws.com/mnist";

    private final String description;

    private IdxImageSource(IdxReader.Idx images, byte[] labels, List<String> classes, String name, Path where) {
        super(images.data(), labels, 1, images.dims()[1], images.dims()[2], classes);
        this.description = describe(name, where);
    }

    /**
     * Reads one split of Fashion-MNIST.
     *
     * @param dir directory holding the four idx files, e.g. {@link #FASHION_MNIST_DEFAULT_DIR}
     * @param split train (60 000 images) or test (10 000)
     * @return the source, {@code [N, 1, 28, 28]} with 10 classes
     * @throws DatasetNotFoundException if the directory or a file is missing; the message says how
     *     to install the dataset
     * @throws InvalidDatasetException if a file is malformed
     * @throws IOException on other read errors
     */
    public static IdxImageSource fashionMnist(Path dir, Split split) throws IOException {
        return standard("fashion-mnist", "Fashion-MNIST", dir, split, FASHION_MNIST_CLASSES, FASHION_MNIST_HINT);
    }

    /**
     * Reads one split of MNIST.
     *
     * @param dir directory holding the four idx files, e.g. {@link #MNIST_DEFAULT_DIR}
     * @param split train (60 000 images) or test (10 000)
     * @return the source, {@code [N, 1, 28, 28]} with 10 classes
     * @throws DatasetNotFoundException if the directory or a file is missing
     * @throws InvalidDatasetException if a file is malformed
     * @throws IOException on other read errors
     */
    public static IdxImageSource mnist(Path dir, Split split) throws IOException {
        return standard("mnist", "MNIST", dir, split, MNIST_CLASSES, MNIST_HINT);
    }

    /**
     * Reads any unsigned-byte idx image file ({@code [N, H, W]}) with an optional label file.
     *
     * @param name short name for the description
     * @param imagesFile the idx3 image file (plain or gzip)
     * @param labelsFile the idx1 label file, or null for an unlabelled source
     * @param classNames class names; every label must be below their count
     * @return the source, {@code [N, 1, H, W]}
     * @throws IOException if a file is missing or malformed
     */
    public static IdxImageSource read(String name, Path imagesFile, Path labelsFile, List<String> classNames)
            throws IOException {
        for (Path p : labelsFile == null ? new Path[] {imagesFile} : new Path[] {imagesFile, labelsFile}) {
            if (!Files.isRegularFile(p)) {
                throw new DatasetNotFoundException(p + " does not exist");
            }
        }
        return load(DatasetFile.of(imagesFile), labelsFile == null ? null : DatasetFile.of(labelsFile),
                classNames, name, imagesFile);
    }

    private static IdxImageSource standard(
            String name, String title, Path dir, Split split, List<String> classes, String hint)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DatasetNotFoundException(title + " not found: directory " + dir + " does not exist. " + hint);
        }
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        DatasetFile images = DatasetFile.find(dir, prefix + "-images-idx3-ubyte", title + " not found. " + hint);
        DatasetFile labels = DatasetFile.find(dir, prefix + "-labels-idx1-ubyte", title + " not found. " + hint);
        return load(images, labels, classes, name + " " + split.label(), dir);
    }

    private static IdxImageSource load(
            DatasetFile imagesFile, DatasetFile labelsFile, List<String> classes, String name, Path where)
            throws IOException {
        IdxReader.Idx images = IdxReader.read(imagesFile, 3);
        byte[] labels = null;
        if (labelsFile != null) {
            IdxReader.Idx idx = IdxReader.read(labelsFile, 1);
            if (idx.dims()[0] != images.dims()[0]) {
                throw new InvalidDatasetException(
                        labelsFile.path(),
                        "holds " + idx.dims()[0] + " labels but " + imagesFile.path() + " holds "
                                + images.dims()[0] + " images");
            }
            checkLabels(labelsFile, idx.data(), 0, 1, classes.size());
            labels = idx.data();
        }
        return new IdxImageSource(images, labels, classes, name, where);
    }

    @Override
    public String description() {
        return description;
    }
}
