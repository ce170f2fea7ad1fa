package io.github.djlssl.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Infers the number of classes from integer label arrays. */
final class ClassCount {

    private ClassCount() {}

    /**
     * Returns {@code max label + 1} over all label sets (one host sync per set).
     *
     * @param labelSets integer labels, each {@code [N_i]}
     * @return the number of classes
     */
    static int of(NDArray... labelSets) {
        long max = -1;
        for (NDArray labels : labelSets) {
            try (NDArray m = labels.max();
                    NDArray asLong = m.toType(DataType.INT64, true)) {
                max = Math.max(max, asLong.getLong());
            }
        }
        return Math.toIntExact(max + 1);
    }
}
