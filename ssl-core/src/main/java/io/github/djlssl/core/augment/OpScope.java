package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.function.BiFunction;

/**
 * Runs the body of one op in a sub-manager so that every temporary it creates is freed when the
 * op returns, while the result ends up attached to the input's manager.
 */
final class OpScope {

    private OpScope() {}

    /**
     * Runs {@code body(scope, input)} with {@code input} temporarily attached to a fresh
     * sub-manager (so arrays derived from it land there too), then moves the result to the input's
     * own manager and frees everything else.
     */
    static NDArray run(NDArray input, BiFunction<NDManager, NDArray, NDArray> body) {
        NDManager owner = input.getManager();
        try (NDManager scope = owner.newSubManager()) {
            scope.tempAttachAll(input);
            NDArray out = body.apply(scope, input);
            out.attach(owner);
            return out;
        }
    }

    /**
     * Like {@link #run} for an op that consumes its input: if the body returns a new array rather
     * than the (modified) input, the input is closed.
     */
    static NDArray runConsuming(NDArray owned, BiFunction<NDManager, NDArray, NDArray> body) {
        NDArray out = run(owned, body);
        if (out != owned) {
            owned.close();
        }
        return out;
    }

    /** Checks the batch layout every op relies on and names the op in the message. */
    static void requireFloatBatch(NDArray images, String op) {
        if (images.getShape().dimension() != 4) {
            throw new IllegalArgumentException(
                    op + " expects images [B, C, H, W], got shape " + images.getShape());
        }
        if (images.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(
                    op + " expects float32 images (apply ToFloat first), got "
                            + images.getDataType());
        }
    }
}
