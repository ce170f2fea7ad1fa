package io.github.djlssl.core.augment;

/** Validation of probability-like configuration values, naming the field in the message. */
final class Probability {

    private Probability() {}

    static void require(String field, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1], got " + p);
        }
    }
}
