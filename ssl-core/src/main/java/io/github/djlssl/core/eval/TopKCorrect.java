package io.github.djlssl.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Counts top-1 and top-5 hits of class scores on the device, so accuracy loops never sync to the
 * host per batch.
 */
final class TopKCorrect {

    private static final NDIndex FIRST_COLUMN = new NDIndex().addAllDim().addIndices(0);

    private TopKCorrect() {}

    /**
     * Counts correct predictions in one batch.
     *
     * @param scores class scores or logits {@code [b, classes]}
     * @param labels int64 labels {@code [b]}
     * @return int64 {@code [2]}: top-1 hits, top-5 hits (the latter 0 with fewer than 5 classes);
     *     attached to {@code scores}' manager
     */
    static NDArray count(NDArray scores, NDArray labels) {
        long classes = scores.getShape().get(1);
        int kTop = (int) Math.min(5, classes);
        // Sorted top-k, as solo-learn's sort: with ties the lower class index ranks first.
        NDList top = scores.topK(kTop, 1, true, true);
        NDArray hits =
                top.get(1)
                        .eq(labels.toType(DataType.INT64, false).expandDims(1))
                        .toType(DataType.INT64, false);
        NDArray top1 = hits.get(FIRST_COLUMN).sum();
        NDArray top5 = classes >= 5 ? hits.sum() : top1.zerosLike();
        return top1.stack(top5);
    }
}
