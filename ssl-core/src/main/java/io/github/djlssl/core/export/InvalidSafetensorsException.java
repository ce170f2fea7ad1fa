package io.github.djlssl.core.export;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a file is not a valid safetensors file; the message names the file and, where it
 * applies, the tensor.
 */
public final class InvalidSafetensorsException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the offending file
     * @param problem what is wrong, e.g. {@code tensor 'conv1.weight': data_offsets [0, 9] ...}
     */
    public InvalidSafetensorsException(Path file, String problem) {
        super(file + ": not a valid safetensors file: " + problem);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the offending file
     * @param problem what is wrong
     * @param cause the underlying parse error
     */
    public InvalidSafetensorsException(Path file, String problem, Throwable cause) {
        super(file + ": not a valid safetensors file: " + problem, cause);
    }
}
