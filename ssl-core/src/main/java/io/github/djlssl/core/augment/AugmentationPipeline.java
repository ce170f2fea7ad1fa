package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.random.Rng;
import java.util.List;
import java.util.Objects;

/**
 * A sequence of ops applied in order, itself a {@link BatchAugmentation}. Every op after the
 * first receives the previous op's result to consume ({@link
 * BatchAugmentation#applyConsuming}), so intermediate batches are overwritten or freed at once.
 */
public final class AugmentationPipeline implements BatchAugmentation {

    private final List<BatchAugmentation> ops;

    private AugmentationPipeline(List<BatchAugmentation> ops) {
        this.ops = ops;
    }

    /**
     * Composes ops.
     *
     * @param ops the ops, applied first to last; none may be null
     * @return the pipeline (an empty one copies its input)
     */
    public static AugmentationPipeline of(BatchAugmentation... ops) {
        Objects.requireNonNull(ops, "ops");
        for (int i = 0; i < ops.length; i++) {
            if (ops[i] == null) {
                throw new IllegalArgumentException("ops[" + i + "] is null");
            }
        }
        return new AugmentationPipeline(List.of(ops));
    }

    /**
     * Returns the ops in application order.
     *
     * @return an unmodifiable list
     */
    public List<BatchAugmentation> ops() {
        return ops;
    }

    @Override
    public NDArray apply(NDArray images, Rng rng) {
        if (ops.isEmpty()) {
            return images.duplicate();
        }
        return applyRest(ops.get(0).apply(images, rng), 1, rng);
    }

    @Override
    public NDArray applyConsuming(NDArray owned, Rng rng) {
        return applyRest(owned, 0, rng);
    }

    /** Applies ops {@code from..} consuming {@code current}; frees it if an op throws. */
    private NDArray applyRest(NDArray current, int from, Rng rng) {
        NDArray result = current;
        try {
            for (int i = from; i < ops.size(); i++) {
                result = ops.get(i).applyConsuming(result, rng);
            }
            return result;
        } catch (RuntimeException e) {
            if (!result.isReleased()) {
                result.close();
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "AugmentationPipeline" + ops;
    }
}
