package io.github.djlssl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.djlssl.core.random.Rng;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs: random bytes, random headers, every truncation of valid files. Readers must fail
 * with {@link InvalidDatasetException} (never another exception, never a huge allocation) or, where
 * the mutated file happens to be valid, read it consistently.
 */
class DatasetFuzzTest {

    @TempDir Path tmp;

    private final Rng rng = Rng.of(2024);

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rng.nextInt(256);
        }
        return b;
    }

    /** Reads {@code content} as an idx image file; returns the source or null on InvalidDatasetException. */
    private IdxImageSource readIdx(byte[] content, String what) {
        Path file = tmp.resolve("fuzz.idx");
        try {
            Files.write(file, content);
            return IdxImageSource.read("fuzz", file, null, List.of());
        } catch (InvalidDatasetException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            return null;
        } catch (Throwable t) { // includes OutOfMemoryError: the point of the test
            throw new AssertionError(what + ": expected InvalidDatasetException, got " + t, t);
        }
    }

    @Test
    void randomBytesAndGzipGarbageAreRejected() throws IOException {
        for (int i = 0; i < 200; i++) {
            byte[] junk = randomBytes(rng.nextInt(400));
            if (i % 2 == 1 && junk.length >= 2) {
                junk[0] = 0x1f; // gzip magic followed by garbage
                junk[1] = (byte) 0x8b;
            }
            if (readIdx(junk, "random #" + i) != null) {
                fail("random bytes #" + i + " were accepted");
            }
        }
    }

    @Test
    void randomHeadersWithValidMagicAreRejectedOrConsistent() throws IOException {
        for (int i = 0; i < 300; i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0x803);
            int[] dims = new int[3];
            for (int d = 0; d < 3; d++) {
                // Mix huge, negative, zero and small sizes.
                dims[d] = switch (rng.nextInt(4)) {
                    case 0 -> (int) rng.nextLong();
                    case 1 -> Integer.MAX_VALUE - rng.nextInt(3);
                    case 2 -> rng.nextInt(3);
                    default -> 1 + rng.nextInt(6);
                };
                out.writeInt(dims[d]);
            }
            int payload = rng.nextInt(300);
            out.write(randomBytes(payload));
            byte[] content = bytes.toByteArray();
            byte[] file = i % 2 == 0 ? content : DatasetFixtures.gzip(content);
            IdxImageSource s = readIdx(file, "header " + Arrays.toString(dims));
            if (s != null) {
                assertEquals((long) dims[0] * dims[1] * dims[2], payload);
                assertEquals(dims[0], s.size());
            }
        }
    }

    @Test
    void everyTruncationOfValidIdxFilesIsRejected() throws IOException {
        byte[] valid = DatasetFixtures.idxImages(3, 5, 4);
        byte[] gz = DatasetFixtures.gzip(valid);
        assertEquals(3, readIdx(valid, "valid").size());
        assertEquals(3, readIdx(gz, "valid gz").size());
        for (int cut = 0; cut < valid.length; cut++) {
            if (readIdx(Arrays.copyOf(valid, cut), "plain cut " + cut) != null) {
                fail("plain file cut at " + cut + " was accepted");
            }
        }
        for (int cut = 0; cut < gz.length; cut++) {
            if (readIdx(Arrays.copyOf(gz, cut), "gzip cut " + cut) != null) {
                fail("gzip file cut at " + cut + " was accepted");
            }
        }
        for (int i = 0; i < 200; i++) { // single bit flips in the gzip file: rejected, or harmless (e.g. mtime)
            byte[] flipped = gz.clone();
            flipped[rng.nextInt(flipped.length)] ^= (byte) (1 << rng.nextInt(8));
            IdxImageSource s = readIdx(flipped, "flip #" + i);
            if (s != null) {
                assertEquals(3, s.size());
            }
        }
    }

    @Test
    void cifarTruncationsAndRandomFilesAreRejectedUnlessWholeRecords() throws IOException {
        Path dir = DatasetFixtures.writeCifarDir(tmp.resolve("c"), 1, 2);
        Path test = dir.resolve("test_batch.bin");
        byte[] valid = Files.readAllBytes(test);
        for (int i = 0; i < 60; i++) {
            int cut = i < 3 ? i * Cifar10Source.RECORD_BYTES : rng.nextInt(valid.length);
            byte[] content = i % 3 == 2 ? randomBytes(cut) : Arrays.copyOf(valid, cut);
            Files.write(test, content);
            try {
                Cifar10Source s = Cifar10Source.read(dir, Split.TEST);
                assertTrue(cut > 0 && cut % Cifar10Source.RECORD_BYTES == 0, "accepted a cut at " + cut);
                assertEquals(cut / Cifar10Source.RECORD_BYTES, s.size());
            } catch (InvalidDatasetException e) {
                assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
            } catch (Throwable t) {
                throw new AssertionError("cut " + cut + ": expected InvalidDatasetException, got " + t, t);
            }
        }
    }

    @Test
    void corruptImagesNeverKillTheFolder() throws IOException {
        DatasetFixtures.write(DatasetFixtures.rgbImage(12, 10, 1), tmp.resolve("f/a/good.png"));
        DatasetFixtures.write(DatasetFixtures.rgbImage(12, 10, 2), tmp.resolve("f/a/good.jpg"));
        byte[] png = Files.readAllBytes(tmp.resolve("f/a/good.png"));
        byte[] jpg = Files.readAllBytes(tmp.resolve("f/a/good.jpg"));
        int bad = 0;
        for (int i = 0; i < 24; i++) {
            byte[] base = i % 2 == 0 ? png : jpg;
            byte[] content = switch (i % 3) {
                case 0 -> randomBytes(rng.nextInt(200));
                case 1 -> Arrays.copyOf(base, rng.nextInt(Math.min(base.length, 40))); // cut inside the header
                default -> Arrays.copyOf(base, 0);
            };
            Files.write(tmp.resolve("f/b/bad" + i + (i % 2 == 0 ? ".png" : ".jpg")), createDirs(content));
            bad++;
        }
        ImageFolderSource s = ImageFolderSource.builder(tmp.resolve("f")).imageSize(8).build();
        assertEquals(2 + bad, s.size() + s.skippedFiles());
        assertEquals(2, s.size(), "only the two good files decode");
        assertEquals(List.of("a", "b"), s.classNames());
    }

    private byte[] createDirs(byte[] content) throws IOException {
        Files.createDirectories(tmp.resolve("f/b"));
        return content;
    }
}
