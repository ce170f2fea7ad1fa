package io.github.djlssl.core.train;

import com.google.gson.Gson;
import io.github.djlssl.core.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends one JSON object per line to {@code metrics.jsonl} (step, epoch, loss, lr, images/s,
 * memory, and the method's metrics), flushed after every write so a killed run keeps its log.
 */
public final class MetricsWriter implements AutoCloseable {

    private static final Gson GSON = new Gson();
    private final Path file;
    private final BufferedWriter out;

    /**
     * Opens (appending) a metrics file.
     *
     * @param file the {@code metrics.jsonl} path; parent directories are created
     * @throws IOException when it cannot be opened (the message names the path)
     */
    public MetricsWriter(Path file) throws IOException {
        this.file = file;
        try {
            AtomicFiles.createDirectories(file.toAbsolutePath().getParent());
            out =
                    Files.newBufferedWriter(
                            file,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw AtomicFiles.failure("cannot open metrics file " + file, e);
        }
    }

    /**
     * Writes one record.
     *
     * @param row field → number or string, written in iteration order
     */
    public void write(Map<String, ?> row) {
        try {
            out.write(GSON.toJson(row));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            IOException named = AtomicFiles.failure("cannot write " + file, e);
            throw new UncheckedIOException(named.getMessage(), named);
        }
    }

    /**
     * Drops the rows a resumed run is about to write again: step rows at or after {@code step},
     * and epoch rows (kNN) after it, and any line a killed run left half-written. Rewritten
     * atomically, so a second crash here loses nothing.
     *
     * @param file the metrics file (nothing happens when it does not exist)
     * @param step the global step the run resumes at
     * @throws IOException when the file cannot be rewritten
     */
    public static void truncateAfter(Path file, long step) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                com.google.gson.JsonObject row = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
                long s = row.has("step") ? row.get("step").getAsLong() : -1;
                boolean stepRow = row.has("loss");
                if (stepRow ? s < step : s <= step) {
                    kept.add(line);
                }
            } catch (RuntimeException e) {
                // a torn last line from a killed run: drop it
            }
        }
        StringBuilder text = new StringBuilder();
        for (String line : kept) {
            text.append(line).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
