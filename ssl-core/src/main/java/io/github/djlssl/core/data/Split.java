package io.github.djlssl.core.data;

/** Which part of a dataset to read: the training set or the held-out test set. */
public enum Split {
    /** The training images (e.g. Fashion-MNIST's 60 000, CIFAR-10's {@code data_batch_1..5}). */
    TRAIN,
    /** The test images (e.g. Fashion-MNIST's {@code t10k} 10 000, CIFAR-10's {@code test_batch}). */
    TEST;

    /**
     * Returns the lower-case name used in descriptions and command lines.
     *
     * @return {@code "train"} or {@code "test"}
     */
    public String label() {
        return this == TRAIN ? "train" : "test";
    }
}
