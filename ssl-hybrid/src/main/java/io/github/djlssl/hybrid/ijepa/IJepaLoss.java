package io.github.djlssl.hybrid.ijepa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.tensor.Scalars;

/**
 * The I-JEPA prediction loss (Assran et al. 2023, Eq. 1): the distance between the predictor's
 * outputs and the target encoder's layer-normalised representations, averaged over every target
 * block, patch and feature.
 *
 * <p>Eq. 1 is {@code (1/M) Σ_i Σ_{j ∈ B_i} ||ŝ_j − s_j||²}; like the reference code we take the
 * mean over all {@code M·B·K·D} elements instead of the sum over patches and features, which only
 * rescales the loss by the constant {@code 1 / (K·D)}. {@link Kind#SMOOTH_L1} is the reference
 * code's {@code F.smooth_l1_loss(z, h)} (β = 1) in {@code src/train.py}.
 */
public final class IJepaLoss {

    /** The per-element distance. */
    public enum Kind {
        /** Squared error {@code d²}, mean over elements: the paper's Eq. 1. */
        L2,
        /** Huber with β = 1: {@code d²/2} if {@code |d| < 1}, else {@code |d| − 1/2}. */
        SMOOTH_L1
    }

    private final Kind kind;

    /**
     * Creates the loss.
     *
     * @param kind L2 or smooth L1
     */
    public IJepaLoss(Kind kind) {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        this.kind = kind;
    }

    /**
     * Returns the distance used.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Computes the mean loss over all target blocks.
     *
     * @param predictions predictor outputs {@code [M·B, K, D]} (any equal shapes work)
     * @param targets target representations of the same shape, already normalised and detached
     * @return the scalar mean
     */
    public NDArray compute(NDArray predictions, NDArray targets) {
        Shape ps = predictions.getShape();
        if (!ps.equals(targets.getShape())) {
            throw new IllegalArgumentException(
                    "predictions " + ps + " and targets " + targets.getShape() + " differ in shape");
        }
        NDArray diff = predictions.sub(targets);
        if (kind == Kind.L2) {
            return diff.square().mean();
        }
        // Huber(β=1) without a branch: with q = min(|d|, 1), q²/2 + (|d| − q) is d²/2 inside and
        // |d| − 1/2 outside, with torch's gradient (d inside, sign(d) outside).
        NDArray abs = diff.abs();
        NDArray inner = Scalars.minimum(abs, 1);
        return Scalars.mul(inner.square(), 0.5).add(abs.sub(inner)).mean();
    }

    /**
     * Normalises features over their last axis without an affine part, as the reference code's
     * {@code F.layer_norm(h, (h.size(-1),))} on the target encoder's output (ε = 1e-5, biased
     * variance).
     *
     * @param features {@code [..., D]}
     * @return {@code (x − mean) / sqrt(var + 1e-5)} per row, same shape
     */
    public static NDArray layerNorm(NDArray features) {
        int last = features.getShape().dimension() - 1;
        NDArray centred = features.sub(features.mean(new int[] {last}, true));
        NDArray variance = centred.square().mean(new int[] {last}, true);
        return centred.div(variance.add(1e-5f).sqrt());
    }
}
