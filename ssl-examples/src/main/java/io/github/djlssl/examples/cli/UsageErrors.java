package io.github.djlssl.examples.cli;

import io.github.djlssl.core.data.DatasetNotFoundException;
import io.github.djlssl.core.data.InvalidDatasetException;
import io.github.djlssl.core.train.DivergenceException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns exceptions into one clear line on stderr and an exit code: 2 for usage problems (bad
 * option or value, unknown name, missing or malformed dataset), 1 for failures during a run.
 * No stack traces for anything the user can fix.
 */
public final class UsageErrors {

    /** Exit code for bad usage. */
    public static final int USAGE = 2;
    /** Exit code for a run that failed. */
    public static final int FAILURE = 1;

    private UsageErrors() {}

    /**
     * Installs the handlers on a command line.
     *
     * @param cli the root command line
     */
    public static void install(CommandLine cli) {
        cli.setParameterExceptionHandler(
                (ex, args) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    err.println("djl-ssl: " + ex.getMessage());
                    err.println("Try 'djl-ssl " + ex.getCommandLine().getCommandName() + " --help'.");
                    return USAGE;
                });
        cli.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    PrintWriter err = commandLine.getErr();
                    if (ex instanceof IllegalArgumentException
                            || ex instanceof DatasetNotFoundException
                            || ex instanceof InvalidDatasetException) {
                        err.println("djl-ssl: " + ex.getMessage());
                        return USAGE;
                    }
                    if (ex instanceof DivergenceException
                            || ex instanceof java.io.IOException
                            || ex instanceof java.io.UncheckedIOException) {
                        // Our I/O errors already name the path and the reason.
                        err.println("djl-ssl: " + ex.getMessage());
                        return FAILURE;
                    }
                    err.println("djl-ssl: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
                    if (System.getenv("DJL_SSL_DEBUG") != null) {
                        ex.printStackTrace(err);
                    }
                    return FAILURE;
                });
    }
}
