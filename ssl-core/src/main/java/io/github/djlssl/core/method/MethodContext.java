package io.github.djlssl.core.method;

import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.encoder.Encoder;

/**
 * Everything a provider needs to build a method besides its own config.
 *
 * @param encoder the backbone, already initialised for {@code encoder.inputShape()}
 * @param manager the long-lived manager that owns the method's blocks and state
 * @param normalization per-channel mean/std of the dataset, the last op of every view
 * @param seed the run seed
 */
public record MethodContext(Encoder encoder, NDManager manager, Normalize normalization, long seed) {

    /** Validates the fields. */
    public MethodContext {
        if (encoder == null || manager == null || normalization == null) {
            throw new IllegalArgumentException("encoder, manager and normalization are required");
        }
        if (normalization.channels() != encoder.inputShape().get(0)) {
            throw new IllegalArgumentException(
                    "normalization has "
                            + normalization.channels()
                            + " channels but the encoder expects "
                            + encoder.inputShape().get(0));
        }
    }

    /**
     * Returns the image side the encoder expects.
     *
     * @return H (= W) of {@code encoder.inputShape()}
     */
    public int imageSize() {
        return (int) encoder.inputShape().get(1);
    }

    /**
     * Returns the number of image channels.
     *
     * @return C of {@code encoder.inputShape()}
     */
    public int channels() {
        return (int) encoder.inputShape().get(0);
    }
}
