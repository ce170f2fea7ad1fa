package io.github.djlssl.core.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes small dataset files (idx, CIFAR-10, PNG/JPEG) for tests. */
final class DatasetFixtures {

    private DatasetFixtures() {}

    /** A deterministic, position-dependent pixel value, so misplaced bytes are noticed. */
    static byte pixel(int image, int offset) {
        return (byte) (image * 37 + offset * 11 + (offset >> 5));
    }

    static byte[] pixels(int n, int imageBytes) {
        byte[] out = new byte[n * imageBytes];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < imageBytes; j++) {
                out[i * imageBytes + j] = pixel(i, j);
            }
        }
        return out;
    }

    static byte[] idxImages(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        out.write(pixels(n, rows * cols));
        return bytes.toByteArray();
    }

    static byte[] idxLabels(int n, int numClasses) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.write(label(i, numClasses));
        }
        return bytes.toByteArray();
    }

    static int label(int i, int numClasses) {
        return (i * 7 + 3) % numClasses;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** Writes a Fashion-MNIST-like directory: train (gz) with {@code nTrain}, test (plain) with {@code nTest}. */
    static Path writeIdxDir(Path dir, int nTrain, int nTest) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(nTrain, 28, 28)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(nTrain, 10)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idxImages(nTest, 28, 28));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idxLabels(nTest, 10));
        return dir;
    }

    /** CIFAR-10 records with labels {@code label(first + i, 10)} and pixels {@code pixel(first + i, j)}. */
    static byte[] cifarRecords(int first, int n) {
        byte[] out = new byte[n * Cifar10Source.RECORD_BYTES];
        for (int i = 0; i < n; i++) {
            int off = i * Cifar10Source.RECORD_BYTES;
            out[off] = (byte) label(first + i, 10);
            for (int j = 0; j < 3072; j++) {
                out[off + 1 + j] = pixel(first + i, j);
            }
        }
        return out;
    }

    /** Writes 5 train batches of {@code perBatch} records and a test batch of {@code nTest}. */
    static Path writeCifarDir(Path dir, int perBatch, int nTest) throws IOException {
        Files.createDirectories(dir);
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), cifarRecords((b - 1) * perBatch, perBatch));
        }
        Files.write(dir.resolve("test_batch.bin"), cifarRecords(1000, nTest));
        return dir;
    }

    /** An RGB image whose pixel (x, y) is {@code rgb(x, y, seed)}. */
    static BufferedImage rgbImage(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb(x, y, seed));
            }
        }
        return img;
    }

    static int rgb(int x, int y, int seed) {
        int r = (x * 16 + seed * 50) & 0xFF;
        int g = (y * 16 + seed * 20) & 0xFF;
        int b = (x * y + seed * 90) & 0xFF;
        return (r << 16) | (g << 8) | b;
    }

    static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    static void write(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        String format = name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? "png" : "jpg";
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no writer for " + format);
        }
    }
}
