package io.github.djlssl.mim.beit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * BEiT's masked image modelling objective (Bao et al. 2022, Eq. 1): the cross-entropy between the
 * predicted token distribution and the tokenizer's code, summed over the <em>masked</em> positions
 * only and averaged over them — {@code CrossEntropyLoss()(logits[bool_masked_pos],
 * labels[bool_masked_pos])} in BEiT's {@code engine_for_pretraining.py}.
 */
public final class BeitLoss {

    private BeitLoss() {}

    /**
     * Computes {@code Σ_{b,l} m_bl · (−log softmax(logits_bl)[code_bl]) / Σ m}.
     *
     * @param logits {@code [B, L, V]}
     * @param codes int64 {@code [B, L]} in {@code [0, V)}
     * @param floatMask {@code [B, L]}, 1 = masked (at least one per batch)
     * @return the scalar loss
     */
    public static NDArray compute(NDArray logits, NDArray codes, NDArray floatMask) {
        return perPosition(logits, codes, floatMask).mul(floatMask).sum().div(floatMask.sum());
    }

    /**
     * Returns the fraction of masked positions whose most likely token is the code.
     *
     * @param logits {@code [B, L, V]}
     * @param codes int64 {@code [B, L]}
     * @param floatMask {@code [B, L]}, 1 = masked
     * @return scalar accuracy in [0, 1], no gradient
     */
    public static NDArray maskedAccuracy(NDArray logits, NDArray codes, NDArray floatMask) {
        NDArray hit = logits.stopGradient().argMax(2).eq(codes).toType(DataType.FLOAT32, false);
        return hit.mul(floatMask).sum().div(floatMask.sum());
    }

    /** −log p(code) at every position: {@code [B, L]}. */
    private static NDArray perPosition(NDArray logits, NDArray codes, NDArray floatMask) {
        Shape s = logits.getShape();
        if (s.dimension() != 3) {
            throw new IllegalArgumentException("logits must be [B, L, V], got " + s);
        }
        Shape grid = new Shape(s.get(0), s.get(1));
        if (!codes.getShape().equals(grid) || !floatMask.getShape().equals(grid)) {
            throw new IllegalArgumentException(
                    "codes and mask must be " + grid + ", got " + codes.getShape() + " and "
                            + floatMask.getShape());
        }
        long n = s.get(0) * s.get(1);
        NDArray logProb = logits.reshape(n, s.get(2)).logSoftmax(1);
        NDArray picked = logProb.get(new NDIndex().addAllDim().addPickDim(codes.reshape(n)));
        return picked.neg().reshape(grid);
    }
}
