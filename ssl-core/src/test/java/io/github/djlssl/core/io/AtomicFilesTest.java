package io.github.djlssl.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atomic writer either replaces a file completely or leaves it as it was, and every failure
 * names the path and the reason. Tests run as root, which ignores permissions, so unwritable
 * locations are a path under a regular file and (where present) {@code /sys}.
 */
class AtomicFilesTest {

    @Test
    void replacesContentAndLeavesNoTemporary(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("a/b/config.json");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals(List.of(f), listing(f.getParent()));
    }

    @Test
    void failureMidWriteKeepsTheOldContent(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("encoder.params");
        AtomicFiles.writeString(f, "old weights");
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> AtomicFiles.write(f, out -> {
                            out.write(new byte[100_000]); // past the buffer: really on disk
                            throw new IOException("No space left on device");
                        }));
        assertEquals("cannot write " + f + ": no space left on device", e.getMessage());
        assertEquals("old weights", Files.readString(f));
        assertEquals(List.of(f), listing(tmp), "the temporary is removed");
    }

    @Test
    void realFullDiskIsReportedWithThePath(@TempDir Path tmp) throws IOException {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.exists(devFull), "needs Linux /dev/full");
        Path f = tmp.resolve("metrics.jsonl");
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> AtomicFiles.write(f, out -> {
                            try (OutputStream full = Files.newOutputStream(devFull)) {
                                full.write(new byte[] {1}); // ENOSPC from the kernel
                            }
                        }));
        assertTrue(e.getMessage().startsWith("cannot write " + f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void parentThatIsARegularFileIsNamed(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("results.txt");
        Files.writeString(file, "x");
        IOException e =
                assertThrows(IOException.class, () -> AtomicFiles.writeString(file.resolve("run/config.json"), "{}"));
        assertTrue(e.getMessage().startsWith("cannot create directory " + file.resolve("run")), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void directoryTheKernelRefusesIsNamed() {
        Path sys = Path.of("/sys/djl-ssl-atomic-test");
        assumeTrue(Files.isDirectory(Path.of("/sys")) && !Files.exists(sys));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(sys.resolve("x"), "{}"));
        assertTrue(e.getMessage().startsWith("cannot create directory " + sys + ": "), e.getMessage());
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
