package io.github.djlssl.core.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that is safe on the gradient path.
 *
 * <p>Why: DJL's {@code x.mul(Number)} (and {@code div}, {@code maximum}, {@code minimum},
 * {@code pow}) wraps the number in a tensor that points into a Java direct buffer, uses it and
 * closes it at once. PyTorch's autograd keeps that tensor for the backward pass of a product or
 * quotient, but once the Java buffer is garbage-collected the backward pass reads freed memory:
 * gradients turn into garbage or NaN, at random, depending on when the collector runs. Here the
 * constant is a 0-d tensor allocated by the engine itself ({@code NDManager.full}), which autograd
 * can keep alive safely. {@code add}/{@code sub} with a Number are safe as they are (their
 * backward does not read the constant).
 */
public final class Scalars {

    private Scalars() {}

    /**
     * Returns a 0-d tensor holding {@code value}, allocated by the engine, on {@code like}'s
     * manager and device and of its data type.
     *
     * @param like the array the constant will be combined with
     * @param value the constant
     * @return the 0-d tensor (owned by {@code like}'s manager)
     */
    public static NDArray constant(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /**
     * Returns {@code x · value}.
     *
     * @param x any array
     * @param value the factor
     * @return the product, in {@code x}'s graph
     */
    public static NDArray mul(NDArray x, double value) {
        try (NDArray c = constant(x, value)) {
            return x.mul(c);
        }
    }

    /**
     * Returns {@code x / value}.
     *
     * @param x any array
     * @param value the divisor
     * @return the quotient, in {@code x}'s graph
     */
    public static NDArray div(NDArray x, double value) {
        try (NDArray c = constant(x, value)) {
            return x.div(c);
        }
    }

    /**
     * Returns {@code max(x, value)} element-wise.
     *
     * @param x any array
     * @param value the floor
     * @return the clamped array, in {@code x}'s graph
     */
    public static NDArray maximum(NDArray x, double value) {
        try (NDArray c = constant(x, value)) {
            return x.maximum(c);
        }
    }

    /**
     * Returns {@code min(x, value)} element-wise.
     *
     * @param x any array
     * @param value the ceiling
     * @return the clamped array, in {@code x}'s graph
     */
    public static NDArray minimum(NDArray x, double value) {
        try (NDArray c = constant(x, value)) {
            return x.minimum(c);
        }
    }
}
