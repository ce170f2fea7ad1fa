package io.github.djlssl.core.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One dataset file on disk, plain or gzip-compressed (detected by its magic bytes, not its name),
 * read with bounds taken from the file length so that a hostile header can never trigger a huge
 * allocation or a read past the end.
 */
final class DatasetFile {

    /** Largest Java array we allocate (the JVM refuses a few bytes below 2^31). */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    /** DEFLATE's best possible ratio is 1032:1; a gzip stream can never expand beyond this. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private final Path path;
    private final long fileLength;
    private final boolean gzip;

    private DatasetFile(Path path, long fileLength, boolean gzip) {
        this.path = path;
        this.fileLength = fileLength;
        this.gzip = gzip;
    }

    /**
     * Finds {@code dir/name} or {@code dir/name.gz}, preferring the uncompressed one.
     *
     * @param dir directory to look in
     * @param name file name without {@code .gz}
     * @param hint appended to the not-found message: how to obtain the dataset
     * @return the opened file description
     * @throws DatasetNotFoundException if neither exists
     * @throws IOException if the file cannot be inspected
     */
    static DatasetFile find(Path dir, String name, String hint) throws IOException {
        for (Path candidate : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
            if (Files.isRegularFile(candidate)) {
                return of(candidate);
            }
        }
        throw new DatasetNotFoundException(
                dir.resolve(name) + "(.gz) does not exist" + (hint.isEmpty() ? "" : ". " + hint));
    }

    /**
     * Describes an existing file, sniffing whether it is gzip-compressed.
     *
     * @param path the file
     * @return the description
     * @throws IOException if it cannot be read
     */
    static DatasetFile of(Path path) throws IOException {
        long length = Files.size(path);
        boolean gz = false;
        try (InputStream in = Files.newInputStream(path)) {
            gz = in.read() == GZIP_MAGIC_0 && in.read() == GZIP_MAGIC_1;
        }
        return new DatasetFile(path, length, gz);
    }

    Path path() {
        return path;
    }

    boolean isGzip() {
        return gzip;
    }

    long fileLength() {
        return fileLength;
    }

    /**
     * Upper bound on the number of content bytes: the length of a plain file, or the most a
     * DEFLATE stream of this length could expand to.
     */
    long maxContentBytes() {
        return gzip ? fileLength * MAX_DEFLATE_RATIO : fileLength;
    }

    /**
     * Opens the decompressed content. Errors in the gzip header are reported as {@link
     * InvalidDatasetException}.
     */
    InputStream open() throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        if (!gzip) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw corrupt(e);
        }
    }

    /**
     * Reads exactly {@code dst.length} bytes, turning an early end or a corrupt gzip stream into
     * an {@link InvalidDatasetException} that says how many bytes were expected.
     *
     * @param in the content stream from {@link #open()}
     * @param dst destination, filled completely
     * @param what description of the data for the message (e.g. "60000 images of 28x28")
     * @param offset content offset of {@code dst[0]}, for the message
     */
    void readFully(InputStream in, byte[] dst, String what, long offset) throws IOException {
        int done = 0;
        try {
            while (done < dst.length) {
                int n = in.read(dst, done, dst.length - done);
                if (n < 0) {
                    break;
                }
                done += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream reports a cut-off stream this way; fall through to the truncation message.
        } catch (ZipException e) {
            throw corrupt(e);
        }
        if (done < dst.length) {
            throw new InvalidDatasetException(
                    path,
                    String.format(
                            "truncated: %s need %d bytes after byte %d, but the %sdata ends after %d",
                            what, dst.length, offset, gzip ? "decompressed " : "", done));
        }
    }

    /**
     * Checks that the content has no bytes after {@code expected} (a sign of a wrong header).
     */
    void expectEnd(InputStream in, long expected) throws IOException {
        int extra;
        try {
            extra = in.read(); // for gzip this also reads and checks the CRC trailer
        } catch (EOFException | ZipException e) {
            throw corrupt(e);
        }
        if (extra >= 0) {
            throw new InvalidDatasetException(
                    path, "unexpected data after the " + expected + " bytes the header describes");
        }
    }

    /**
     * Reads the whole content into one array, refusing contents larger than {@code maxBytes}
     * before allocating them.
     */
    byte[] readAll(long maxBytes) throws IOException {
        long limit = Math.min(maxBytes, MAX_ARRAY_BYTES);
        if (!gzip) {
            if (fileLength > limit) {
                throw new InvalidDatasetException(
                        path, "too large: " + fileLength + " bytes, at most " + limit + " supported");
            }
            byte[] all = new byte[(int) fileLength];
            try (InputStream in = open()) {
                readFully(in, all, "the file's", 0);
            }
            return all;
        }
        try (InputStream in = open()) {
            byte[] all = in.readNBytes((int) Math.min(limit + 1, MAX_ARRAY_BYTES));
            if (all.length > limit) {
                throw new InvalidDatasetException(
                        path, "too large: more than " + limit + " decompressed bytes");
            }
            return all;
        } catch (EOFException e) {
            throw new InvalidDatasetException(path, "truncated gzip stream", e);
        } catch (ZipException e) {
            throw corrupt(e);
        }
    }

    private InvalidDatasetException corrupt(IOException e) {
        return new InvalidDatasetException(
                path,
                (e instanceof EOFException ? "truncated" : "corrupt") + " gzip stream: " + e.getMessage(),
                e);
    }
}
