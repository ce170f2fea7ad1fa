package io.github.djlssl.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 (Krizhevsky 2009) from its binary batches: {@code [N, 3, 32, 32]} uint8 RGB, 10 classes.
 *
 * <p>Each {@code .bin} file is a sequence of 3073-byte records: one label byte, then 1024 red, 1024
 * green and 1024 blue bytes (row-major, so each record is already CHW). The train split reads
 * {@code data_batch_1.bin .. data_batch_5.bin} (50 000 images, 154 MB in memory), the test split
 * {@code test_batch.bin} (10 000). The directory may be the extracted {@code cifar-10-batches-bin}
 * itself or its parent. Files may also be gzip-compressed ({@code name.bin.gz}).
 */
public final class Cifar10Source extends ArrayImageSource {

    /** Default directory searched for CIFAR-10; pass another with {@code --data-dir}. */
    public static final Path DEFAULT_DIR = Paths.get("/usr/share/datasets/cifar10");

    /** CIFAR-10's class names, in label order. */
    public static final List<String> CLASSES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    /** Bytes per record: one label byte and a 3x32x32 image. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    static final String HINT =
            "To get CIFAR-10: download www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz when online,"
                    + " extract it, and pass --data-dir DIR/cifar-10-batches-bin (holding data_batch_1.bin"
                    + " .. data_batch_5.bin and test_batch.bin)";

    private static final String SUBDIR = "cifar-10-batches-bin";

    private final String description;

    private Cifar10Source(byte[] pixels, byte[] labels, String description) {
        super(pixels, labels, 3, 32, 32, CLASSES);
        this.description = description;
    }

    /**
     * Reads one split of CIFAR-10.
     *
     * @param dir directory holding the {@code .bin} batches, or the parent of {@code
     *     cifar-10-batches-bin}
     * @param split train (5 batches) or test (1 batch)
     * @return the source
     * @throws DatasetNotFoundException if the directory or a batch file is missing
     * @throws InvalidDatasetException if a file's size is not a whole number of records or a label
     *     is out of range
     * @throws IOException on other read errors
     */
    public static Cifar10Source read(Path dir, Split split) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DatasetNotFoundException("CIFAR-10 not found: directory " + dir + " does not exist. " + HINT);
        }
        Path batches = dir;
        if (Files.isDirectory(dir.resolve(SUBDIR)) && !Files.exists(dir.resolve("test_batch.bin"))) {
            batches = dir.resolve(SUBDIR);
        }
        List<String> names = new ArrayList<>();
        if (split == Split.TRAIN) {
            for (int i = 1; i <= 5; i++) {
                names.add("data_batch_" + i + ".bin");
            }
        } else {
            names.add("test_batch.bin");
        }
        List<DatasetFile> files = new ArrayList<>();
        for (String name : names) {
            files.add(DatasetFile.find(batches, name, "CIFAR-10 not found. " + HINT));
        }
        List<byte[]> contents = new ArrayList<>();
        long records = 0;
        for (DatasetFile file : files) {
            byte[] content = readBatch(file);
            contents.add(content);
            records += content.length / RECORD_BYTES;
        }
        int imageBytes = RECORD_BYTES - 1;
        if (records * imageBytes > DatasetFile.MAX_ARRAY_BYTES) {
            throw new InvalidDatasetException(batches, "too large: " + records + " records exceed one Java array");
        }
        byte[] pixels = new byte[(int) (records * imageBytes)];
        byte[] labels = new byte[(int) records];
        int n = 0;
        for (byte[] content : contents) {
            for (int off = 0; off < content.length; off += RECORD_BYTES, n++) {
                labels[n] = content[off];
                System.arraycopy(content, off + 1, pixels, n * imageBytes, imageBytes);
            }
        }
        String desc = String.format(
                "cifar10 %s (%d images, 3x32x32, %s)", split.label(), records, batches);
        return new Cifar10Source(pixels, labels, desc);
    }

    private static byte[] readBatch(DatasetFile file) throws IOException {
        // A plain file's size is checked before reading it; a gzip file's after decompression.
        if (!file.isGzip()) {
            checkRecordSize(file, file.fileLength());
        }
        byte[] content = file.readAll(DatasetFile.MAX_ARRAY_BYTES);
        checkRecordSize(file, content.length);
        checkLabels(file, content, 0, RECORD_BYTES, CLASSES.size());
        return content;
    }

    private static void checkRecordSize(DatasetFile file, long length) throws InvalidDatasetException {
        if (length == 0 || length % RECORD_BYTES != 0) {
            throw new InvalidDatasetException(
                    file.path(),
                    String.format(
                            "wrong CIFAR-10 record size: %d bytes is not a positive multiple of the"
                                    + " %d-byte record (1 label byte + 3072 CHW pixel bytes); %d whole"
                                    + " records and %d bytes left over",
                            length, RECORD_BYTES, length / RECORD_BYTES, length % RECORD_BYTES));
        }
    }

    @Override
    public String description() {
        return description;
    }
}
