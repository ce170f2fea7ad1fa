package io.github.djlssl.examples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A small CSV table with a header row: comma-separated, fields optionally in double quotes
 * (RFC 4180: a quote inside a quoted field is doubled), blank lines and lines starting with
 * {@code #} ignored. Every error names the file and line.
 */
public final class CsvTable {

    private final String source;
    private final List<String> header;
    private final List<List<String>> rows;
    private final List<Integer> lineNumbers;

    private CsvTable(String source, List<String> header, List<List<String>> rows, List<Integer> lineNumbers) {
        this.source = source;
        this.header = header;
        this.rows = rows;
        this.lineNumbers = lineNumbers;
    }

    /**
     * Reads a CSV file.
     *
     * @param file the file
     * @return the table
     * @throws IllegalArgumentException when the file is missing, empty, or malformed (the message
     *     names the file and line)
     * @throws IOException on a read error
     */
    public static CsvTable read(Path file) throws IOException {
        try {
            return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no CSV file " + file);
        }
    }

    /**
     * Parses CSV lines.
     *
     * @param source the name used in error messages, e.g. the file path
     * @param lines the lines, header first
     * @return the table
     * @throws IllegalArgumentException when there is no header, a row's field count differs from
     *     the header's, or a quote is not closed (the message names {@code source:line})
     */
    public static CsvTable parse(String source, List<String> lines) {
        List<String> header = null;
        List<List<String>> rows = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1);
            List<String> fields = fields(line, where);
            if (header == null) {
                for (String name : fields) {
                    if (name.isEmpty()) {
                        throw new IllegalArgumentException(where + ": empty column name in the header");
                    }
                }
                header = Collections.unmodifiableList(fields);
            } else if (fields.size() != header.size()) {
                throw new IllegalArgumentException(
                        where + ": expected " + header.size() + " fields like the header, found " + fields.size());
            } else {
                rows.add(Collections.unmodifiableList(fields));
                numbers.add(i + 1);
            }
        }
        if (header == null) {
            throw new IllegalArgumentException(source + " is empty: expected a header row");
        }
        return new CsvTable(source, header, Collections.unmodifiableList(rows), Collections.unmodifiableList(numbers));
    }

    private static List<String> fields(String line, String where) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (c == ',') {
                out.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(where + ": unterminated quoted field");
        }
        out.add(field.toString().strip());
        return out;
    }

    /**
     * Returns the column names.
     *
     * @return the header, in order
     */
    public List<String> header() {
        return header;
    }

    /**
     * Returns the number of data rows.
     *
     * @return the row count (header excluded)
     */
    public int size() {
        return rows.size();
    }

    /**
     * Returns a column's index.
     *
     * @param name the column name
     * @return its position in the header
     * @throws IllegalArgumentException when there is no such column (the message lists them)
     */
    public int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(source + " has no column '" + name + "'; columns: " + String.join(", ", header));
        }
        return i;
    }

    /**
     * Returns a text cell.
     *
     * @param row data row index
     * @param column column name
     * @return the cell, stripped of surrounding blanks
     */
    public String text(int row, String column) {
        return rows.get(row).get(column(column));
    }

    /**
     * Returns a numeric cell; an empty cell (e.g. a failed run) is NaN.
     *
     * @param row data row index
     * @param column column name
     * @return the value, or NaN when the cell is empty
     * @throws IllegalArgumentException when the cell is not a number (the message names the line)
     */
    public double number(int row, String column) {
        String cell = text(row, column);
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    source + ":" + lineNumbers.get(row) + ": column '" + column + "': '" + cell + "' is not a number");
        }
    }

    /**
     * Returns the file line a data row came from.
     *
     * @param row data row index
     * @return 1-based line number
     */
    public int lineOf(int row) {
        return lineNumbers.get(row);
    }
}
