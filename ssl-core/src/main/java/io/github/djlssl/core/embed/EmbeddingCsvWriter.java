package io.github.djlssl.core.embed;

import io.github.djlssl.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes named embeddings as CSV (RFC 4180, UTF-8, {@code \n} line ends): a header line {@code
 * path,e0,e1,...,e<D-1>}, then one line per image, the name first, then its D values in Java's
 * shortest round-trip decimal form ({@link Float#toString(float)}, e.g. {@code 0.0123} or {@code
 * 1.5E-5}; both {@code pandas.read_csv} and {@code numpy.loadtxt} parse them). A name holding a
 * comma, quote or line break is quoted with doubled quotes. The file is written atomically.
 */
public final class EmbeddingCsvWriter {

    private EmbeddingCsvWriter() {}

    /**
     * Writes the embeddings.
     *
     * @param file the target, replaced if it exists
     * @param names one name per row (typically the file path relative to the input folder)
     * @param rows N rows of equal length D
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, List<String> names, float[][] rows) throws IOException {
        if (names.size() != rows.length) {
            throw new IllegalArgumentException(names.size() + " names for " + rows.length + " rows");
        }
        int d = rows.length == 0 ? 0 : rows[0].length;
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder line = new StringBuilder("path");
            for (int j = 0; j < d; j++) {
                line.append(",e").append(j);
            }
            w.write(line.append('\n').toString());
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != d) {
                    throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + d);
                }
                line.setLength(0);
                line.append(quote(names.get(i)));
                for (float v : rows[i]) {
                    line.append(',').append(v);
                }
                w.write(line.append('\n').toString());
            }
            w.flush();
        });
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
