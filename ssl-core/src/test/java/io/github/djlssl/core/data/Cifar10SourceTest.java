package io.github.djlssl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10SourceTest {

    @TempDir Path tmp;

    @Test
    void readsTrainAndTestPixelExact() throws IOException {
        Path dir = DatasetFixtures.writeCifarDir(tmp.resolve("c"), 3, 4);
        Cifar10Source train = Cifar10Source.read(dir, Split.TRAIN);
        Cifar10Source test = Cifar10Source.read(dir, Split.TEST);
        assertEquals(15, train.size());
        assertEquals(4, test.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(32, train.width());
        assertEquals("truck", train.classNames().get(9));
        byte[] dst = new byte[3072];
        for (int i : new int[] {0, 4, 14}) { // records from batches 1, 2 and 5
            train.readImage(i, dst, 0);
            for (int j = 0; j < 3072; j += 97) {
                assertEquals(DatasetFixtures.pixel(i, j), dst[j]);
            }
            assertEquals(DatasetFixtures.label(i, 10), train.label(i));
        }
        test.readImage(3, dst, 0);
        assertEquals(DatasetFixtures.pixel(1003, 3071), dst[3071]);
        assertEquals(DatasetFixtures.label(1003, 10), test.label(3));
        assertTrue(test.description().startsWith("cifar10 test (4 images, 3x32x32, "), test.description());
    }

    @Test
    void acceptsTheExtractedSubdirectoryAndGzip() throws IOException {
        Path sub = DatasetFixtures.writeCifarDir(tmp.resolve("cifar-10-batches-bin"), 2, 2);
        Path test = sub.resolve("test_batch.bin");
        Files.write(sub.resolve("test_batch.bin.gz"), DatasetFixtures.gzip(Files.readAllBytes(test)));
        Files.delete(test);
        Cifar10Source s = Cifar10Source.read(tmp, Split.TEST);
        assertEquals(2, s.size());
        assertEquals(DatasetFixtures.label(1001, 10), s.label(1));
    }

    @Test
    void wrongRecordSizeNamesFileAndProblem() throws IOException {
        Path dir = DatasetFixtures.writeCifarDir(tmp.resolve("c"), 3, 2);
        Path batch = dir.resolve("data_batch_3.bin");
        byte[] full = Files.readAllBytes(batch);
        Files.write(batch, Arrays.copyOf(full, full.length - 10));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class, () -> Cifar10Source.read(dir, Split.TRAIN));
        assertEquals(batch, e.file());
        assertTrue(e.getMessage().contains("wrong CIFAR-10 record size"), e.getMessage());
        assertTrue(e.getMessage().contains("3073-byte record"), e.getMessage());
        Files.write(batch, new byte[0]);
        e = assertThrows(InvalidDatasetException.class, () -> Cifar10Source.read(dir, Split.TRAIN));
        assertTrue(e.getMessage().contains("data_batch_3.bin") && e.getMessage().contains("0 bytes"), e.getMessage());
    }

    @Test
    void badLabelAndMissingFilesAreReported() throws IOException {
        Path dir = DatasetFixtures.writeCifarDir(tmp.resolve("c"), 2, 2);
        byte[] records = DatasetFixtures.cifarRecords(0, 2);
        records[Cifar10Source.RECORD_BYTES] = (byte) 200;
        Files.write(dir.resolve("test_batch.bin"), records);
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class, () -> Cifar10Source.read(dir, Split.TEST));
        assertTrue(e.getMessage().contains("label 200 of record 1 is out of range"), e.getMessage());

        Files.delete(dir.resolve("data_batch_5.bin"));
        DatasetNotFoundException nf = assertThrows(DatasetNotFoundException.class, () -> Cifar10Source.read(dir, Split.TRAIN));
        assertTrue(nf.getMessage().contains("data_batch_5.bin") && nf.getMessage().contains("cifar-10-binary.tar.gz"),
                nf.getMessage());
        nf = assertThrows(DatasetNotFoundException.class, () -> Cifar10Source.read(tmp.resolve("none"), Split.TEST));
        assertTrue(nf.getMessage().contains("none") && nf.getMessage().contains("--data-dir"), nf.getMessage());
    }
}
