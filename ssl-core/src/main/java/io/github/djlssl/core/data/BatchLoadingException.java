package io.github.djlssl.core.data;

/**
 * Assembling a batch failed on a worker thread; thrown to the consuming thread by {@link
 * EpochIterator#next()} with the worker's exception as the cause.
 */
public class BatchLoadingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which batch of which epoch failed
     * @param cause the worker's exception
     */
    public BatchLoadingException(String message, Throwable cause) {
        super(message, cause);
    }
}
