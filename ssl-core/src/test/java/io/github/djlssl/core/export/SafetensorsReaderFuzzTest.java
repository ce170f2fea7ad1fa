package io.github.djlssl.core.export;

import static io.github.djlssl.core.export.SafetensorsFormatTest.file;
import static io.github.djlssl.core.export.SafetensorsFormatTest.tinyData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.djlssl.core.random.Rng;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed files must fail with {@link InvalidSafetensorsException} (naming the file) and never
 * with another exception type or an attempt to allocate what a corrupt header claims.
 */
class SafetensorsReaderFuzzTest {

    @TempDir Path tmp;

    private InvalidSafetensorsException rejects(byte[] bytes) throws IOException {
        Path f = tmp.resolve("bad.safetensors");
        Files.write(f, bytes);
        InvalidSafetensorsException e = assertThrows(InvalidSafetensorsException.class, () -> SafetensorsReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e;
    }

    private void rejects(String header, byte[] data, String expectedFragment) throws IOException {
        String message = rejects(file(header, data)).getMessage();
        assertTrue(message.contains(expectedFragment), "expected '" + expectedFragment + "' in: " + message);
    }

    private static byte[] lengthPrefix(long headerLength, int extra) {
        return ByteBuffer.allocate(8 + extra).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array();
    }

    @Test
    void everyTruncationOfAValidFileIsRejected() throws IOException {
        byte[] valid = file(SafetensorsFormatTest.TINY_HEADER, tinyData());
        for (int n = 0; n < valid.length; n++) {
            rejects(Arrays.copyOf(valid, n));
        }
    }

    @Test
    void randomBytesAreRejectedCleanly() throws IOException {
        Rng rng = new Rng(7);
        Path f = tmp.resolve("random.safetensors");
        for (int trial = 0; trial < 300; trial++) {
            byte[] bytes = new byte[rng.nextInt(120)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) rng.nextInt(256);
            }
            if (trial % 2 == 0 && bytes.length >= 8) { // plausible length, garbage header
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, rng.nextInt(bytes.length - 7));
            }
            Files.write(f, bytes);
            assertThrows(InvalidSafetensorsException.class, () -> SafetensorsReader.read(f), "trial " + trial);
        }
    }

    @Test
    void everySingleByteCorruptionParsesOrFailsCleanly() throws IOException {
        byte[] valid = file(SafetensorsFormatTest.TINY_HEADER, tinyData());
        Path f = tmp.resolve("flip.safetensors");
        int rejected = 0;
        for (int i = 0; i < valid.length; i++) {
            for (int value : new int[] {'"', 0xFF}) {
                byte[] bytes = valid.clone();
                bytes[i] = (byte) value;
                Files.write(f, bytes);
                try {
                    SafetensorsReader.read(f);
                } catch (InvalidSafetensorsException e) {
                    rejected++;
                } catch (RuntimeException | IOException e) {
                    fail("byte " + i + " = " + value + ": " + e);
                }
            }
        }
        assertTrue(rejected > valid.length / 2, "most corruptions of the header must be caught, got " + rejected);
    }

    @Test
    void headerLengthOutOfBoundsIsRejectedWithoutAllocating() throws IOException {
        assertTrue(rejects(lengthPrefix(Long.MAX_VALUE, 8)).getMessage().contains("outside"));
        assertTrue(rejects(lengthPrefix(-1, 8)).getMessage().contains("18446744073709551615"));
        assertTrue(rejects(lengthPrefix(0, 8)).getMessage().contains("outside"));
        assertTrue(rejects(lengthPrefix(SafetensorsReader.MAX_HEADER_BYTES + 1, 8)).getMessage().contains("outside"));
        // within the cap but past the end of a 16-byte file: must not allocate 99 MB first
        assertTrue(rejects(lengthPrefix(99_000_000L, 8)).getMessage().contains("past the end"));
        assertTrue(rejects(lengthPrefix(9, 8)).getMessage().contains("past the end"));
        assertTrue(rejects(new byte[3]).getMessage().contains("shorter than"));
    }

    @Test
    void offsetsMustTileTheDataSection() throws IOException {
        byte[] eight = new byte[8];
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", eight, "overlaps tensor 'a'");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight, "belong to no tensor");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", eight, "cover 4");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", eight, "not inside the 8-byte");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", eight, "tensor 'a'");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", eight, "needs 12 bytes");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", eight, "negative");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", eight, "overflows");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]}}", eight, "integers");
        rejects("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", eight, "2 entries");
        rejects("{\"a\":{\"dtype\":\"Q8\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight, "unsupported dtype 'Q8'");
        rejects("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", eight, "tensor 'a': missing string 'dtype'");
        rejects("{\"a\":[1,2]}", eight, "tensor 'a': entry is not an object");
    }

    @Test
    void headerMustBeStrictJsonWithStringMetadata() throws IOException {
        byte[] none = new byte[0];
        rejects("{\"a\":", none, "not valid JSON");
        rejects("[]", none, "start with '{'");
        rejects("{} {}", none, "text after");
        rejects("{'a':1}", none, "not valid JSON");
        rejects("{\"__metadata__\":{\"k\":1}}", none, "not a string");
        rejects("{\"__metadata__\":{},\"__metadata__\":{}}", none, "duplicate header key");
        byte[] bad = file("{}", none);
        bad[8] = (byte) 0xC3; // lone UTF-8 lead byte
        assertTrue(rejects(bad).getMessage().contains("UTF-8"));
        // the empty file is valid
        Path ok = tmp.resolve("ok.safetensors");
        Files.write(ok, file("{}", none));
        assertEquals(0, SafetensorsReader.read(ok).tensors().size());
    }
}
