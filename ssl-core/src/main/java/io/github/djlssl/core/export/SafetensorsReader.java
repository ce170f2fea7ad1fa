package io.github.djlssl.core.export;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a safetensors file (format in {@link SafetensorsWriter}), validating the whole header
 * against the file length <em>before</em> allocating anything for the data, so a corrupt or
 * hostile file fails with an {@link InvalidSafetensorsException} naming the file and tensor —
 * never an {@code OutOfMemoryError} or a silently wrong tensor.
 *
 * <p>Checked: the header length is positive, at most {@link #MAX_HEADER_BYTES} and inside the
 * file; the header is strict UTF-8 JSON, one object, no duplicate keys; {@code __metadata__} maps
 * strings to strings; every tensor has a known {@code dtype}, a {@code shape} of integers ≥ 0 and
 * {@code data_offsets [begin, end]} with {@code end − begin = product(shape) · dtype size}; the
 * tensors cover the data section exactly (sorted by offset: no overlap, no gap, nothing after the
 * last one). Unknown fields inside a tensor entry are ignored, as the reference implementation does.
 */
public final class SafetensorsReader {

    /** The largest header accepted (the reference implementation's limit): 100 MB. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    private SafetensorsReader() {}

    /** A validated header entry. */
    private record Entry(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {}

    /**
     * Reads and validates a whole file.
     *
     * @param file the safetensors file
     * @return its tensors (in data order) and metadata
     * @throws InvalidSafetensorsException when the file is malformed (names the file and tensor)
     * @throws IOException when it cannot be read
     */
    public static SafetensorsFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new InvalidSafetensorsException(
                        file, "the file is " + size + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lengthBytes, 0, file);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
                throw new InvalidSafetensorsException(
                        file, "header length " + Long.toUnsignedString(headerLength)
                                + " is outside 1 .. " + MAX_HEADER_BYTES + " bytes");
            }
            if (headerLength > size - 8) {
                throw new InvalidSafetensorsException(
                        file, "header length " + headerLength + " points past the end of the "
                                + size + "-byte file");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBytes, 8, file);
            long dataStart = 8 + headerLength;
            long dataLength = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(file, decode(file, headerBytes), dataLength, metadata);
            checkCoverage(file, entries, dataLength);
            Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer data = ByteBuffer.allocate((int) (e.end() - e.begin()));
                readFully(ch, data, dataStart + e.begin(), file);
                tensors.put(e.name(), SafetensorsTensor.adopt(e.dtype(), e.shape(), data.array()));
            }
            return new SafetensorsFile(tensors, metadata);
        }
    }

    private static String decode(Path file, ByteBuffer header) throws InvalidSafetensorsException {
        header.flip();
        try {
            CharBuffer text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(header);
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSafetensorsException(file, "the header is not valid UTF-8", e);
        }
    }

    private static List<Entry> parseHeader(
            Path file, String text, long dataLength, Map<String, String> metadata)
            throws InvalidSafetensorsException {
        if (!text.startsWith("{")) {
            throw new InvalidSafetensorsException(file, "the header does not start with '{'");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            // Gson's default (legacy-strict) mode: no comments, single quotes or unquoted names.
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (!seen.add(name)) {
                    throw new InvalidSafetensorsException(file, "duplicate header key '" + name + "'");
                }
                JsonElement value = JSON.read(reader);
                if (SafetensorsFile.METADATA_KEY.equals(name)) {
                    readMetadata(file, value, metadata);
                } else {
                    entries.add(entry(file, name, value, dataLength));
                }
            }
            reader.endObject();
            boolean trailing;
            try {
                trailing = reader.peek() != JsonToken.END_DOCUMENT;
            } catch (IOException e) {
                trailing = true; // strict mode refuses a second top-level value
            }
            if (trailing) {
                throw new InvalidSafetensorsException(file, "text after the header's JSON object");
            }
        } catch (InvalidSafetensorsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidSafetensorsException(file, "the header is not valid JSON: " + e.getMessage(), e);
        }
        return entries;
    }

    private static void readMetadata(Path file, JsonElement value, Map<String, String> out)
            throws InvalidSafetensorsException {
        if (!value.isJsonObject()) {
            throw new InvalidSafetensorsException(file, "__metadata__ must be an object of strings");
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new InvalidSafetensorsException(
                        file, "__metadata__ value of '" + m.getKey() + "' is not a string: " + v);
            }
            out.put(m.getKey(), v.getAsString());
        }
    }

    private static Entry entry(Path file, String name, JsonElement value, long dataLength)
            throws InvalidSafetensorsException {
        String where = "tensor '" + name + "': ";
        if (!value.isJsonObject()) {
            throw new InvalidSafetensorsException(file, where + "entry is not an object");
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dtypeJson = o.get("dtype");
        if (dtypeJson == null || !dtypeJson.isJsonPrimitive() || !dtypeJson.getAsJsonPrimitive().isString()) {
            throw new InvalidSafetensorsException(file, where + "missing string 'dtype'");
        }
        SafetensorsDType dtype = SafetensorsDType.parse(dtypeJson.getAsString());
        if (dtype == null) {
            throw new InvalidSafetensorsException(
                    file, where + "unsupported dtype '" + dtypeJson.getAsString() + "' (supported: F32, F16, BF16, I64, I32)");
        }
        long[] shape = integers(file, where, o, "shape", -1);
        long[] offsets = integers(file, where, o, "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataLength) {
            throw new InvalidSafetensorsException(
                    file, where + "data_offsets [" + begin + ", " + end + "] are not inside the "
                            + dataLength + "-byte data section");
        }
        long expected;
        try {
            expected = SafetensorsTensor.byteSize(dtype, shape);
        } catch (IllegalArgumentException e) {
            throw new InvalidSafetensorsException(file, where + e.getMessage());
        }
        if (expected != end - begin) {
            throw new InvalidSafetensorsException(
                    file, where + "shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                            + expected + " bytes but data_offsets span " + (end - begin));
        }
        if (end - begin > Integer.MAX_VALUE - 8) {
            throw new InvalidSafetensorsException(
                    file, where + (end - begin) + " bytes is more than this reader holds in one tensor (2 GB)");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** Reads a JSON array of non-negative integers; {@code length} −1 = any length. */
    private static long[] integers(Path file, String where, JsonObject o, String key, int length)
            throws InvalidSafetensorsException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new InvalidSafetensorsException(file, where + "missing array '" + key + "'");
        }
        JsonArray array = e.getAsJsonArray();
        if (length >= 0 && array.size() != length) {
            throw new InvalidSafetensorsException(
                    file, where + "'" + key + "' must have " + length + " entries, got " + array);
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement v = array.get(i);
            long value;
            try {
                JsonPrimitive p = v.getAsJsonPrimitive();
                if (!p.isNumber()) {
                    throw new IllegalArgumentException();
                }
                value = new BigDecimal(p.getAsString()).longValueExact();
            } catch (RuntimeException ex) {
                throw new InvalidSafetensorsException(
                        file, where + "'" + key + "' must hold integers, got " + array);
            }
            if (value < 0) {
                throw new InvalidSafetensorsException(
                        file, where + "'" + key + "' must not be negative, got " + array);
            }
            out[i] = value;
        }
        return out;
    }

    /** Sorted by offset, the tensors must tile the data section exactly. */
    private static void checkCoverage(Path file, List<Entry> entries, long dataLength)
            throws InvalidSafetensorsException {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        String previous = null;
        for (Entry e : entries) {
            if (e.begin() < expected) {
                throw new InvalidSafetensorsException(
                        file, "tensor '" + e.name() + "' (bytes " + e.begin() + ".." + e.end()
                                + ") overlaps tensor '" + previous + "' (ends at " + expected + ")");
            }
            if (e.begin() > expected) {
                throw new InvalidSafetensorsException(
                        file, "bytes " + expected + ".." + e.begin() + " of the data section belong to no tensor"
                                + " (before tensor '" + e.name() + "')");
            }
            expected = e.end();
            previous = e.name();
        }
        if (expected != dataLength) {
            throw new InvalidSafetensorsException(
                    file, "the data section is " + dataLength + " bytes but the tensors cover " + expected
                            + (previous == null ? "" : " (last tensor '" + previous + "')"));
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position, Path file)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, at);
            if (n < 0) {
                throw new InvalidSafetensorsException(file, "the file ended early at byte " + at);
            }
            at += n;
        }
    }
}
