package io.github.djlssl.examples.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numeric content of a run's {@code metrics.jsonl}, as written by {@code
 * io.github.djlssl.core.train.MetricsWriter}: one JSON object per line. Step rows carry {@code
 * step, epoch, loss, lr} and the method's own metrics (plus {@code images_per_sec, rss_mb,
 * heap_mb, live_arrays} on the last row of each log window); kNN-monitor rows carry {@code epoch,
 * step, knn_top1}.
 *
 * <p>A killed run can leave a torn last line: it is skipped and counted ({@link #tornLines()}). A
 * malformed line anywhere else is an error naming the file and line, since it means the file is not
 * a metrics log.
 */
public final class MetricsLog {

    /** The file name inside a run directory. */
    public static final String FILE = "metrics.jsonl";

    private final Path file;
    private final List<Map<String, Double>> rows;
    private final int tornLines;

    private MetricsLog(Path file, List<Map<String, Double>> rows, int tornLines) {
        this.file = file;
        this.rows = rows;
        this.tornLines = tornLines;
    }

    /**
     * One metric against the optimiser step: the rows that have both {@code step} and the field,
     * in file order.
     *
     * @param name the field, e.g. {@code loss}
     * @param steps x values, the global step of each point
     * @param values y values
     */
    public record Series(String name, double[] steps, double[] values) {

        /** Checks the two arrays pair up. */
        public Series {
            if (steps.length != values.length) {
                throw new IllegalArgumentException(
                        "series '" + name + "': " + steps.length + " steps but " + values.length + " values");
            }
        }

        /**
         * Returns the number of points.
         *
         * @return the point count
         */
        public int size() {
            return steps.length;
        }

        /**
         * Returns whether the series has no points.
         *
         * @return true when empty
         */
        public boolean isEmpty() {
            return steps.length == 0;
        }
    }

    /**
     * Reads {@code runDir/metrics.jsonl}.
     *
     * @param runDir a run directory written by {@code pretrain}
     * @return the log
     * @throws IllegalArgumentException when the file is missing, has no rows, or has a malformed line
     *     before its last (the message names the file and line)
     * @throws IOException on a read error
     */
    public static MetricsLog readRun(Path runDir) throws IOException {
        return read(runDir.resolve(FILE));
    }

    /**
     * Reads a metrics file.
     *
     * @param file a {@code metrics.jsonl} file
     * @return the log
     * @throws IllegalArgumentException when the file is missing, has no rows, or has a malformed line
     *     before its last (the message names the file and line)
     * @throws IOException on a read error
     */
    public static MetricsLog read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no metrics file " + file + " (is this the --out of a pretrain run?)");
        }
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) {
            last--;
        }
        List<Map<String, Double>> rows = new ArrayList<>();
        int torn = 0;
        for (int i = 0; i <= last; i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Map<String, Double> row = parse(line);
            if (row == null) {
                if (i == last) {
                    torn++; // a run killed mid-write: its last row is incomplete, everything before is intact
                    continue;
                }
                throw new IllegalArgumentException(
                        file + ":" + (i + 1) + ": not a JSON object: " + abbreviate(line));
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(
                    file + " has no complete rows" + (torn > 0 ? " (only a torn line)" : "")
                            + "; the run logged nothing yet");
        }
        return new MetricsLog(file, Collections.unmodifiableList(rows), torn);
    }

    /** Numeric fields of one line, or null when it is not a complete JSON object. */
    private static Map<String, Double> parse(String line) {
        JsonObject object;
        try {
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) {
                return null;
            }
            object = e.getAsJsonObject();
        } catch (JsonParseException e) {
            return null;
        }
        Map<String, Double> row = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            if (e.getValue().isJsonPrimitive()) {
                JsonPrimitive p = e.getValue().getAsJsonPrimitive();
                if (p.isNumber()) {
                    row.put(e.getKey(), p.getAsDouble());
                }
            }
        }
        return row;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }

    /**
     * Returns a field against the step, from every row that has both (for {@code knn_top1} these
     * are the monitor's rows; for {@code loss} and {@code lr} the step rows).
     *
     * @param name the field
     * @return the series, empty when no row has the field
     */
    public Series series(String name) {
        int n = 0;
        for (Map<String, Double> row : rows) {
            if (row.containsKey("step") && row.containsKey(name)) {
                n++;
            }
        }
        double[] steps = new double[n];
        double[] values = new double[n];
        int i = 0;
        for (Map<String, Double> row : rows) {
            Double step = row.get("step");
            Double value = row.get(name);
            if (step != null && value != null) {
                steps[i] = step;
                values[i] = value;
                i++;
            }
        }
        return new Series(name, steps, values);
    }

    /**
     * Returns the first step of each epoch after the first: where the step rows' {@code epoch}
     * field changes, for epoch boundary marks on a step axis.
     *
     * @return ascending steps, empty for a one-epoch run
     */
    public double[] epochStarts() {
        List<Double> starts = new ArrayList<>();
        Double epoch = null;
        for (Map<String, Double> row : rows) {
            if (!row.containsKey("loss") || !row.containsKey("step") || !row.containsKey("epoch")) {
                continue;
            }
            if (epoch != null && !epoch.equals(row.get("epoch"))) {
                starts.add(row.get("step"));
            }
            epoch = row.get("epoch");
        }
        return starts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Returns the number of rows read (step rows and monitor rows).
     *
     * @return the row count
     */
    public int size() {
        return rows.size();
    }

    /**
     * Returns how many torn (incomplete) last lines were skipped: 0 or 1.
     *
     * @return the count
     */
    public int tornLines() {
        return tornLines;
    }

    /**
     * Returns the file this log was read from.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }
}
