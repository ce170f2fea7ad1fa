package io.github.djlssl.core.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFormatTest {

    /** Builds a file by hand: 8-byte LE length, header text padded with spaces, then data. */
    static byte[] file(String header, byte[] data) {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(text);
        for (int i = text.length; i < padded; i++) {
            out.write(' ');
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] littleEndian(int bytes, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return b.array();
    }

    static final String TINY_HEADER =
            "{\"__metadata__\":{\"format\":\"pt\",\"note\":\"é<>\"},"
                    + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]},"
                    + "\"c\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[16,24]}}";

    static byte[] tinyData() {
        return littleEndian(24, b -> {
            b.putFloat(1.5f).putFloat(-2f).putLong(7L);
            // binary16: 1.0, -2.0, 65504 (max), 2^-24 (smallest subnormal)
            b.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x7BFF).putShort((short) 0x0001);
        });
    }

    @Test
    void parsesAHandBuiltFileByteForByte(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("tiny.safetensors");
        Files.write(f, file(TINY_HEADER, tinyData()));
        SafetensorsFile s = SafetensorsReader.read(f);
        assertEquals(List.of("a", "b", "c"), List.copyOf(s.tensors().keySet()));
        assertEquals(Map.of("format", "pt", "note", "é<>"), s.metadata());
        SafetensorsTensor a = s.tensor("a");
        assertEquals(SafetensorsDType.F32, a.dtype());
        assertArrayEquals(new long[] {2, 1}, a.shape());
        assertArrayEquals(new float[] {1.5f, -2f}, a.floats());
        SafetensorsTensor b = s.tensor("b");
        assertArrayEquals(new long[0], b.shape());
        assertArrayEquals(new long[] {7L}, b.longs());
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, s.tensor("c").floats());
    }

    @Test
    void writerProducesExactlyTheCanonicalBytes(@TempDir Path tmp) throws IOException {
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        tensors.put("a", SafetensorsTensor.ofFloats(new long[] {2, 1}, new float[] {1.5f, -2f}));
        tensors.put("b", SafetensorsTensor.ofLongs(new long[0], new long[] {7L}));
        byte[] half = littleEndian(8, b -> b.putShort((short) 0x3C00).putShort((short) 0xC000)
                .putShort((short) 0x7BFF).putShort((short) 0x0001));
        tensors.put("c", SafetensorsTensor.of(SafetensorsDType.F16, new long[] {4}, half));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("note", "é<>");
        Path f = tmp.resolve("out.safetensors");
        SafetensorsWriter.write(f, new SafetensorsFile(tensors, meta));
        byte[] written = Files.readAllBytes(f);
        assertArrayEquals(file(TINY_HEADER, tinyData()), written);
        long headerLength = ByteBuffer.wrap(written, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "data must start 8-byte aligned");
        // no temporary file left behind
        try (var listing = Files.list(tmp)) {
            assertEquals(List.of(f), listing.toList());
        }
    }

    @Test
    void roundTripIsBitExact(@TempDir Path tmp) throws IOException {
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        float[] odd = {Float.NaN, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE, Float.MAX_VALUE, 1e-30f};
        tensors.put("x.weight", SafetensorsTensor.ofFloats(new long[] {2, 3}, odd));
        tensors.put("empty", SafetensorsTensor.ofFloats(new long[] {0, 5}, new float[0]));
        tensors.put("n", SafetensorsTensor.ofLongs(new long[] {3}, new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}));
        SafetensorsFile original = new SafetensorsFile(tensors, Map.of("k", "v"));
        Path f = tmp.resolve("r.safetensors");
        SafetensorsWriter.write(f, original);
        SafetensorsFile back = SafetensorsReader.read(f);
        assertEquals(original, back);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()));
        float[] again = back.tensor("x.weight").floats();
        for (int i = 0; i < odd.length; i++) {
            assertEquals(Float.floatToRawIntBits(odd[i]), Float.floatToRawIntBits(again[i]), "element " + i);
        }
        // overwrite in place works (rename over an existing file)
        SafetensorsWriter.write(f, new SafetensorsFile(Map.of(), Map.of()));
        assertTrue(SafetensorsReader.read(f).tensors().isEmpty());
    }

    @Test
    void halfPrecisionWideningIsExact() {
        assertEquals(0f, SafetensorsTensor.halfToFloat((short) 0));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(SafetensorsTensor.halfToFloat((short) 0x8000)));
        assertEquals(Float.POSITIVE_INFINITY, SafetensorsTensor.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(SafetensorsTensor.halfToFloat((short) 0x7E00)));
        assertEquals(0.333251953125f, SafetensorsTensor.halfToFloat((short) 0x3555));
        assertEquals(0x1p-14f, SafetensorsTensor.halfToFloat((short) 0x0400)); // smallest normal
        assertEquals(0x3ffp-24f, SafetensorsTensor.halfToFloat((short) 0x03FF)); // largest subnormal
    }

    @Test
    void tensorAndFileValidateTheirArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> SafetensorsTensor.of(SafetensorsDType.F32, new long[] {3}, new byte[8]));
        assertThrows(IllegalArgumentException.class,
                () -> SafetensorsTensor.of(SafetensorsDType.F32, new long[] {-1}, new byte[0]));
        assertThrows(IllegalStateException.class,
                () -> SafetensorsTensor.ofLongs(new long[] {1}, new long[] {1}).floats());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsFile(Map.of("__metadata__", SafetensorsTensor.ofLongs(new long[0], new long[1])), Map.of()));
        assertTrue(e.getMessage().contains("__metadata__"));
        assertFalse(new SafetensorsFile(Map.of(), Map.of("a", "b")).metadata().isEmpty());
    }
}
