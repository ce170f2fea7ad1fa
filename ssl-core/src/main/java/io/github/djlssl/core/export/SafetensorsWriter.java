package io.github.djlssl.core.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.djlssl.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the safetensors format (Hugging Face, {@code safetensors} ≥ 0.3):
 *
 * <pre>
 * [8 bytes]  N, the header length, unsigned little-endian
 * [N bytes]  UTF-8 JSON: {"__metadata__": {k: v}, name: {"dtype", "shape", "data_offsets": [begin, end]}, …}
 *            padded with spaces so that N % 8 == 0 (the data then starts 8-byte aligned)
 * [rest]     the tensors' little-endian bytes, back to back; offsets are relative to the data start
 * </pre>
 *
 * <p>Tensors are laid out in the map's order. The file is written to a temporary file in the
 * target's directory and renamed over the target, so readers never see a half-written file.
 */
public final class SafetensorsWriter {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SafetensorsWriter() {}

    /**
     * Writes a file atomically.
     *
     * @param file the destination (replaced if it exists)
     * @param content the tensors and metadata
     * @throws IOException when writing or renaming fails (the temporary file is removed)
     */
    public static void write(Path file, SafetensorsFile content) throws IOException {
        byte[] header = header(content);
        AtomicFiles.write(
                file,
                out -> {
                    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
                    out.write(header);
                    for (SafetensorsTensor t : content.tensors().values()) {
                        out.write(t.rawBytes());
                    }
                });
    }

    /**
     * Builds the padded header bytes.
     *
     * @param content the tensors and metadata
     * @return UTF-8 JSON padded with spaces to a multiple of 8 bytes
     */
    static byte[] header(SafetensorsFile content) {
        JsonObject json = new JsonObject();
        if (!content.metadata().isEmpty()) {
            JsonObject meta = new JsonObject();
            content.metadata().forEach(meta::addProperty);
            json.add(SafetensorsFile.METADATA_KEY, meta);
        }
        long offset = 0;
        for (Map.Entry<String, SafetensorsTensor> e : content.tensors().entrySet()) {
            SafetensorsTensor t = e.getValue();
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", t.dtype().name());
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += t.byteCount();
            offsets.add(offset);
            entry.add("data_offsets", offsets);
            json.add(e.getKey(), entry);
        }
        byte[] text = GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        byte[] header = new byte[padded];
        System.arraycopy(text, 0, header, 0, text.length);
        for (int i = text.length; i < padded; i++) {
            header[i] = ' ';
        }
        return header;
    }
}
