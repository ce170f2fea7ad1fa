package io.github.djlssl.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImageSourceTest {

    @TempDir Path tmp;

    @Test
    void readsGzipAndPlainSplitsPixelExact() throws IOException {
        Path dir = DatasetFixtures.writeIdxDir(tmp.resolve("fm"), 12, 5);
        IdxImageSource train = IdxImageSource.fashionMnist(dir, Split.TRAIN); // gzip files
        IdxImageSource test = IdxImageSource.fashionMnist(dir, Split.TEST); // plain files
        assertEquals(12, train.size());
        assertEquals(5, test.size());
        for (IdxImageSource s : new IdxImageSource[] {train, test}) {
            assertEquals(1, s.channels());
            assertEquals(28, s.height());
            assertEquals(28, s.width());
            assertTrue(s.hasLabels());
            assertEquals(10, s.numClasses());
            assertEquals("Ankle boot", s.classNames().get(9));
        }
        byte[] dst = new byte[784 + 3];
        train.readImage(7, dst, 3);
        for (int j = 0; j < 784; j++) {
            assertEquals(DatasetFixtures.pixel(7, j), dst[3 + j], "pixel " + j);
        }
        for (int i = 0; i < 12; i++) {
            assertEquals(DatasetFixtures.label(i, 10), train.label(i));
        }
        assertTrue(train.description().startsWith("fashion-mnist train (12 images, 1x28x28, "), train.description());
        assertTrue(test.description().contains(dir.toString()));
        assertThrows(IndexOutOfBoundsException.class, () -> train.label(12));
        assertThrows(IndexOutOfBoundsException.class, () -> train.readImage(-1, dst, 0));
    }

    @Test
    void mnistFactoryUsesDigitNames() throws IOException {
        Path dir = DatasetFixtures.writeIdxDir(tmp.resolve("mnist"), 3, 2);
        IdxImageSource s = IdxImageSource.mnist(dir, Split.TEST);
        assertEquals(2, s.size());
        assertEquals("7", s.classNames().get(7));
        assertTrue(s.description().startsWith("mnist test"));
    }

    @Test
    void limitAndSubsetAreViews() throws IOException {
        IdxImageSource train = IdxImageSource.fashionMnist(DatasetFixtures.writeIdxDir(tmp, 12, 5), Split.TRAIN);
        ImageSource first = train.limit(4);
        assertEquals(4, first.size());
        assertTrue(first.description().startsWith("first 4 of fashion-mnist train"), first.description());
        assertSame(train, train.limit(12));
        assertSame(train, train.limit(100));
        assertThrows(IllegalArgumentException.class, () -> train.limit(0));
        byte[] a = new byte[784];
        byte[] b = new byte[784];
        first.readImage(3, a, 0);
        train.readImage(3, b, 0);
        assertArrayEquals(b, a);
        ImageSource sub = train.subset(new int[] {9, 2});
        sub.readImage(0, a, 0);
        train.readImage(9, b, 0);
        assertArrayEquals(b, a);
        assertEquals(train.label(2), sub.label(1));
        assertEquals(10, sub.numClasses());
        assertThrows(IndexOutOfBoundsException.class, () -> train.subset(new int[] {12}));
    }

    @Test
    void genericReaderAllowsUnlabelledFiles() throws IOException {
        Path images = tmp.resolve("imgs.idx");
        Files.write(images, DatasetFixtures.idxImages(3, 5, 4));
        IdxImageSource s = IdxImageSource.read("tiny", images, null, java.util.List.of());
        assertFalse(s.hasLabels());
        assertEquals(0, s.numClasses());
        assertEquals(-1, s.label(2));
        assertEquals(5, s.height());
        assertEquals(4, s.width());
    }

    @Test
    void missingDirectoryExplainsHowToInstall() {
        Path missing = tmp.resolve("nowhere");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> IdxImageSource.fashionMnist(missing, Split.TRAIN));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("--data-dir DIR"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte(.gz)"), e.getMessage());
        assertTrue(e.getMessage().contains("zalandoresearch/fashion-mnist"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Path dir = DatasetFixtures.writeIdxDir(tmp.resolve("fm"), 4, 2);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> IdxImageSource.fashionMnist(dir, Split.TEST));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte(.gz) does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void wrongMagicNumberIsNamed() throws IOException {
        Path dir = DatasetFixtures.writeIdxDir(tmp.resolve("fm"), 4, 2);
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(labels);
        bytes[3] = 3; // claims 3 dimensions
        Files.write(labels, bytes);
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> IdxImageSource.fashionMnist(dir, Split.TEST));
        assertEquals(labels, e.file());
        assertTrue(e.getMessage().startsWith(labels.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("wrong idx magic number 0x00000803 (expected 0x00000801"), e.getMessage());
    }

    @Test
    void truncatedPlainAndGzipFilesAreReported() throws IOException {
        Path dir = DatasetFixtures.writeIdxDir(tmp.resolve("fm"), 6, 6);
        Path plain = dir.resolve("t10k-images-idx3-ubyte");
        byte[] full = Files.readAllBytes(plain);
        Files.write(plain, Arrays.copyOf(full, full.length - 100));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> IdxImageSource.fashionMnist(dir, Split.TEST));
        assertTrue(e.getMessage().contains(plain.toString()) && e.getMessage().contains("truncated"), e.getMessage());

        Path gz = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(gz, DatasetFixtures.gzip(Arrays.copyOf(DatasetFixtures.idxImages(6, 28, 28), 16 + 5 * 784)));
        e = assertThrows(InvalidDatasetException.class, () -> IdxImageSource.fashionMnist(dir, Split.TRAIN));
        assertTrue(e.getMessage().contains(gz.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("6 items of 28x28"), e.getMessage());

        byte[] gzBytes = DatasetFixtures.gzip(DatasetFixtures.idxImages(6, 28, 28));
        Files.write(gz, Arrays.copyOf(gzBytes, gzBytes.length / 2)); // cut inside the deflate stream
        e = assertThrows(InvalidDatasetException.class, () -> IdxImageSource.fashionMnist(dir, Split.TRAIN));
        assertTrue(e.getMessage().contains(gz.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void hostileHeaderFailsBeforeAllocating() throws IOException {
        // 2^31 - 1 images of 28x28 claimed by a 100-byte file: must not try to allocate 1.6 TB.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x803);
        out.writeInt(Integer.MAX_VALUE);
        out.writeInt(28);
        out.writeInt(28);
        out.write(new byte[84]);
        byte[] hostile = bytes.toByteArray();
        assertEquals(100, hostile.length);
        Path plain = tmp.resolve("hostile.idx");
        Files.write(plain, hostile);
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> IdxImageSource.read("h", plain, null, java.util.List.of()));
        assertTrue(e.getMessage().contains("hostile.idx") && e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("2147483647 items of 28x28"), e.getMessage());

        Path gz = tmp.resolve("hostile.idx.gz");
        Files.write(gz, DatasetFixtures.gzip(hostile));
        e = assertThrows(InvalidDatasetException.class, () -> IdxImageSource.read("h", gz, null, java.util.List.of()));
        assertTrue(e.getMessage().contains("can hold at most"), e.getMessage());

        bytes.reset();
        out.writeInt(0x803);
        out.writeInt(2);
        out.writeInt(-28);
        out.writeInt(28);
        Files.write(plain, bytes.toByteArray());
        e = assertThrows(InvalidDatasetException.class, () -> IdxImageSource.read("h", plain, null, java.util.List.of()));
        assertTrue(e.getMessage().contains("non-positive size -28"), e.getMessage());
    }

    @Test
    void trailingBytesLabelMismatchAndBadLabelsAreReported() throws IOException {
        Path dir = DatasetFixtures.writeIdxDir(tmp.resolve("fm"), 4, 3);
        Path images = dir.resolve("t10k-images-idx3-ubyte");
        byte[] full = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(full, full.length + 7));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> IdxImageSource.fashionMnist(dir, Split.TEST));
        assertTrue(e.getMessage().contains("longer than its header says"), e.getMessage());
        Files.write(images, full);

        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        Files.write(labels, DatasetFixtures.idxLabels(2, 10));
        e = assertThrows(InvalidDatasetException.class, () -> IdxImageSource.fashionMnist(dir, Split.TEST));
        assertTrue(e.getMessage().contains("holds 2 labels but") && e.getMessage().contains("3 images"), e.getMessage());

        byte[] bad = DatasetFixtures.idxLabels(3, 10);
        bad[8 + 2] = 10;
        Files.write(labels, bad);
        e = assertThrows(InvalidDatasetException.class, () -> IdxImageSource.fashionMnist(dir, Split.TEST));
        assertTrue(e.getMessage().contains("label 10 of record 2 is out of range [0, 10)"), e.getMessage());
    }
}
