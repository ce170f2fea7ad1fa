package io.github.djlssl.core.train;

import com.google.gson.Gson;
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
            Files.createDirectories(file.toAbsolutePath().getParent());
            out =
                    Files.newBufferedWriter(
                            file,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IOException("cannot open metrics file " + file + ": " + e.getMessage(), e);
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
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
