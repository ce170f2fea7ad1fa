package io.github.djlssl.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the {@code djl-ssl} tool with its exit code and captured output, for
 * command tests.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int code, String out, String err) {

    /**
     * Runs the tool with {@code System.out}/{@code err} captured.
     *
     * @param args command-line arguments
     * @return the outcome
     */
    public static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = DjlSslCli.run(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Returns the last line of standard output (where commands print their result).
     *
     * @return the line
     */
    public String lastLine() {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
