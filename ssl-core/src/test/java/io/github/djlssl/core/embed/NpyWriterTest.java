package io.github.djlssl.core.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {

    @TempDir Path dir;

    @Test
    void twoByThreeIsByteExact() throws IOException {
        Path file = dir.resolve("x.npy");
        NpyWriter.write(file, new float[][] {{0f, 1f, 2f}, {3f, 4f, -0.5f}});

        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        // 10 prefix bytes + 59 dict + 1 newline = 70 -> 58 spaces pad the header to 128 bytes.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0});
        expected.write((dict + " ".repeat(58) + "\n").getBytes(StandardCharsets.US_ASCII));
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {0f, 1f, 2f, 3f, 4f, -0.5f}) {
            data.putFloat(v);
        }
        expected.write(data.array());
        // The same bytes numpy 2.4 writes for np.arange(6, dtype='<f4').reshape(2, 3) modulo values.
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
        assertEquals(128 + 24, Files.size(file));
    }

    @Test
    void headerIsAlwaysPaddedToSixtyFourBytes() {
        for (long n : new long[] {0, 1, 9, 10, 123456, 10_000_000}) {
            for (long d : new long[] {0, 1, 64, 2048}) {
                byte[] h = NpyWriter.header(n, d);
                assertEquals(0, h.length % 64, n + "x" + d);
                assertEquals('\n', h[h.length - 1]);
                int len = (h[8] & 0xFF) | (h[9] & 0xFF) << 8;
                assertEquals(h.length - 10, len);
                String text = new String(h, 10, len, StandardCharsets.US_ASCII);
                assertEquals(true, text.contains("'shape': (" + n + ", " + d + "), }"), text);
            }
        }
    }

    @Test
    void raggedRowsAreRejectedAndNothingIsWritten() {
        Path file = dir.resolve("bad.npy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyWriter.write(file, new float[][] {{1f, 2f}, {3f}}));
        assertEquals("row 1 has 1 values, row 0 has 2", e.getMessage());
        assertEquals(false, Files.exists(file));
    }
}
