package io.github.djlssl.core.data;

import java.io.IOException;

/**
 * A dataset directory or file does not exist. The message says what is missing and how to get it
 * (which package to install, which option to pass, where to download from).
 */
public class DatasetNotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is missing and how to obtain it
     */
    public DatasetNotFoundException(String message) {
        super(message);
    }
}
