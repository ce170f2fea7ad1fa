package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.random.Rng;

/**
 * One batched augmentation op: maps a float32 image batch {@code [B, C, H, W]} (values in [0, 1],
 * except after {@link Normalize}) to a new batch on the same device, drawing any per-sample
 * randomness from {@code rng}.
 *
 * <p>Implementations are immutable and thread-safe; all state of a call lives in the arguments.
 * Equal inputs and equal {@link Rng} states give equal outputs.
 */
@FunctionalInterface
public interface BatchAugmentation {

    /**
     * Applies the op without touching {@code images}.
     *
     * @param images float32 batch {@code [B, C, H, W]}
     * @param rng source of every random draw of this call (advanced by the call)
     * @return a new array attached to {@code images}' manager; the caller owns it
     */
    NDArray apply(NDArray images, Rng rng);

    /**
     * Applies the op to a batch the caller hands over: the op may overwrite {@code owned} and
     * return it, or return a new array and close {@code owned}. Either way the caller must use
     * only the returned array afterwards.
     *
     * <p>Pipelines call this for every op after the first one, so ops that can work in place
     * (flip, colour, normalisation) avoid allocating a full-size temporary — on CPU a fresh
     * multi-megabyte buffer costs several times the arithmetic done in it.
     *
     * @param owned float32 batch {@code [B, C, H, W]} that the caller gives up
     * @param rng source of every random draw of this call
     * @return the result, attached to {@code owned}'s manager
     */
    default NDArray applyConsuming(NDArray owned, Rng rng) {
        NDArray out = apply(owned, rng);
        if (out != owned) {
            owned.close();
        }
        return out;
    }
}
