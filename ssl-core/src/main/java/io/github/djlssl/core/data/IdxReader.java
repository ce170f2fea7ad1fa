package io.github.djlssl.core.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte idx files (the MNIST format: a magic number {@code 0x0000 08 NN} where 08
 * means unsigned byte and NN the number of dimensions, NN big-endian int32 sizes, then the data).
 * Every size in the header is checked against the file length before anything is allocated.
 */
final class IdxReader {

    /** Content of one idx file: its dimensions and the raw bytes. */
    record Idx(int[] dims, byte[] data) {}

    private static final int UBYTE = 0x08;

    private IdxReader() {}

    /**
     * Reads an idx file of unsigned bytes with {@code rank} dimensions.
     *
     * @param file the file (plain or gzip)
     * @param rank expected number of dimensions: 3 for images, 1 for labels
     * @return the dimensions and data
     * @throws InvalidDatasetException on a wrong magic number, a header that does not match the
     *     file length, or a truncated or corrupt stream
     */
    static Idx read(DatasetFile file, int rank) throws IOException {
        int expectedMagic = (UBYTE << 8) | rank;
        try (InputStream in = file.open()) {
            DataInputStream data = new DataInputStream(in);
            int headerBytes = 4 + 4 * rank;
            int magic;
            int[] dims = new int[rank];
            try {
                magic = data.readInt();
                if (magic != expectedMagic) {
                    throw new InvalidDatasetException(
                            file.path(),
                            String.format(
                                    "wrong idx magic number 0x%08X (expected 0x%08X for an unsigned-byte"
                                            + " idx file with %d dimension%s)",
                                    magic, expectedMagic, rank, rank == 1 ? "" : "s"));
                }
                for (int d = 0; d < rank; d++) {
                    dims[d] = data.readInt();
                }
            } catch (EOFException e) {
                throw new InvalidDatasetException(
                        file.path(), "truncated: shorter than the " + headerBytes + "-byte idx header", e);
            } catch (ZipException e) {
                throw new InvalidDatasetException(file.path(), "corrupt gzip stream: " + e.getMessage(), e);
            }
            long payload = checkedPayload(file, dims, headerBytes);
            byte[] bytes = new byte[(int) payload];
            file.readFully(data, bytes, describe(dims), headerBytes);
            file.expectEnd(data, headerBytes + payload);
            return new Idx(dims, bytes);
        }
    }

    /** Validates the header's sizes against the file length and returns the payload size. */
    private static long checkedPayload(DatasetFile file, int[] dims, int headerBytes)
            throws InvalidDatasetException {
        long payload = 1;
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] <= 0) {
                throw new InvalidDatasetException(
                        file.path(),
                        "idx header has a non-positive size " + dims[d] + " in dimension " + d
                                + " (sizes " + Arrays.toString(dims) + ")");
            }
            // Saturate instead of overflowing (three sizes near 2^31 exceed a long).
            payload = payload > Long.MAX_VALUE / dims[d] ? Long.MAX_VALUE : payload * dims[d];
        }
        long available = file.maxContentBytes() - headerBytes;
        if (!file.isGzip() && payload != available) {
            throw new InvalidDatasetException(
                    file.path(),
                    String.format(
                            "%s: the idx header (%s) needs %s data bytes but the file has %d after the"
                                    + " %d-byte header",
                            payload > available ? "truncated" : "file longer than its header says",
                            describe(dims), bytes(payload), Math.max(0, available), headerBytes));
        }
        if (payload > available) {
            throw new InvalidDatasetException(
                    file.path(),
                    String.format(
                            "truncated or corrupt header: the idx header (%s) needs %s data bytes, but a"
                                    + " %d-byte gzip file can hold at most %d",
                            describe(dims), bytes(payload), file.fileLength(), available));
        }
        if (payload > DatasetFile.MAX_ARRAY_BYTES) {
            throw new InvalidDatasetException(
                    file.path(),
                    "too large: " + payload + " bytes (" + describe(dims) + ") exceed one Java array");
        }
        return payload;
    }

    private static String bytes(long payload) {
        return payload == Long.MAX_VALUE ? "more than 2^63" : Long.toString(payload);
    }

    private static String describe(int[] dims) {
        if (dims.length == 1) {
            return dims[0] + " labels";
        }
        StringBuilder sb = new StringBuilder().append(dims[0]).append(" items of ");
        for (int d = 1; d < dims.length; d++) {
            sb.append(d > 1 ? "x" : "").append(dims[d]);
        }
        return sb.toString();
    }
}
