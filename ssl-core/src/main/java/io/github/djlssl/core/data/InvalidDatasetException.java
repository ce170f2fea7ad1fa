package io.github.djlssl.core.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset file exists but cannot be used: wrong magic number, truncated, a header that claims
 * more data than the file holds, a wrong record size, an empty folder. The message always starts
 * with the offending path, followed by the problem.
 */
public class InvalidDatasetException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file the offending file or directory
     * @param problem what is wrong with it
     */
    public InvalidDatasetException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * Creates the exception with an underlying cause.
     *
     * @param file the offending file or directory
     * @param problem what is wrong with it
     * @param cause the low-level error (e.g. a corrupt gzip stream)
     */
    public InvalidDatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /**
     * Returns the offending file or directory.
     *
     * @return the path named in the message
     */
    public Path file() {
        return file;
    }
}
