package io.github.djlssl.core.embed;

import io.github.djlssl.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a float matrix as a NumPy {@code .npy} file (format version 1.0): {@code np.load(path)}
 * returns a float32 array of shape {@code (N, D)}.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, version bytes {@code 1 0}, a little-endian uint16
 * header length, then the ASCII header {@code {'descr': '<f4', 'fortran_order': False, 'shape':
 * (N, D), }} padded with spaces and ended by a newline so that the data starts at a multiple of 64
 * bytes (as NumPy pads it), then {@code N * D} little-endian float32 values in C (row-major) order.
 * The file is written atomically (temporary file + rename).
 */
public final class NpyWriter {

    /** Data starts at a multiple of this many bytes. */
    static final int ALIGN = 64;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private NpyWriter() {}

    /**
     * Writes {@code rows} as an {@code (N, D)} float32 array.
     *
     * @param file the target, replaced if it exists
     * @param rows N rows of equal length D (N may be 0, then D is 0)
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, float[][] rows) throws IOException {
        int d = rows.length == 0 ? 0 : rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + d);
            }
        }
        byte[] header = header(rows.length, d);
        AtomicFiles.write(file, out -> {
            out.write(header);
            ByteBuffer row = ByteBuffer.allocate(d * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] r : rows) {
                row.clear();
                row.asFloatBuffer().put(r);
                out.write(row.array(), 0, d * Float.BYTES);
            }
        });
    }

    /**
     * Returns the magic, version, header length and padded header of an {@code (n, d)} float32 array.
     *
     * @param n rows
     * @param d columns
     * @return the bytes before the data; their count is a multiple of {@link #ALIGN}
     */
    static byte[] header(long n, long d) {
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }", n, d);
        int prefix = MAGIC.length + 2;
        // NumPy: padlen = ALIGN - ((prefix + len + 1) % ALIGN), i.e. 1..64 spaces, then '\n'.
        int pad = ALIGN - ((prefix + dict.length() + 1) % ALIGN);
        String text = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
