package io.github.djlssl.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the process's memory: JVM heap in use and resident set size (heap + native tensors). The
 * RSS comes from {@code /proc/self/status} on Linux and is -1 elsewhere.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /**
     * Returns the heap in use.
     *
     * @return bytes
     */
    public static long heapUsedBytes() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * Returns the resident set size.
     *
     * @return bytes, or -1 when unknown
     */
    public static long residentBytes() {
        return statusBytes("VmRSS:");
    }

    /**
     * Returns the peak resident set size of the process so far (the kernel's high-water mark).
     *
     * @return bytes, or -1 when unknown
     */
    public static long peakResidentBytes() {
        return statusBytes("VmHWM:");
    }

    private static long statusBytes(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    String kb = line.substring(key.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
