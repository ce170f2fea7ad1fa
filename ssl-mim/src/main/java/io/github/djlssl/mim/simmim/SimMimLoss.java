package io.github.djlssl.mim.simmim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * SimMIM's reconstruction loss (Xie et al., 2022, Eq. 1; official {@code SimMIM.forward}): the L1
 * distance between predicted and input pixels, on masked pixels only.
 *
 * <pre>
 *   loss = Σ |x − x̂| · M  /  (Σ M + 1e-5)  /  C
 * </pre>
 *
 * where M is the pixel-level mask {@code [B, 1, H, W]} (one entry per pixel, shared by the C
 * channels). On patches {@code [B, L, p·p·C]} with a patch mask m {@code [B, L]} this is {@code Σ
 * |x − x̂| · m / (p²·Σ m + 1e-5) / C}, i.e. the mean absolute error per masked pixel value.
 */
public final class SimMimLoss {

    /** The ε added to the masked-pixel count (official code). */
    public static final double EPS = 1e-5;

    private final int channels;

    /**
     * Creates the loss.
     *
     * @param channels image channels C
     */
    public SimMimLoss(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
        this.channels = channels;
    }

    /**
     * Computes the loss.
     *
     * @param predictions head output {@code [B, L, p·p·C]}
     * @param patches the patchified input images {@code [B, L, p·p·C]}
     * @param mask float {@code [B, L]}, 1 = masked
     * @return the scalar loss
     */
    public NDArray compute(NDArray predictions, NDArray patches, NDArray mask) {
        Shape p = predictions.getShape();
        if (p.dimension() != 3 || !p.equals(patches.getShape()) || p.get(2) % channels != 0) {
            throw new IllegalArgumentException(
                    "predictions and patches must be equal [B, L, p·p·" + channels + "], got " + p
                            + " and " + patches.getShape());
        }
        if (!mask.getShape().equals(new Shape(p.get(0), p.get(1)))) {
            throw new IllegalArgumentException("mask must be [B, L] = " + p.slice(0, 2) + ", got " + mask.getShape());
        }
        long pixelsPerPatch = p.get(2) / channels;
        NDArray error = predictions.sub(patches.stopGradient()).abs().mul(mask.expandDims(2)).sum();
        // (p²·Σm + ε)·C, built off the gradient path: a plain-Number operand on the graph would be a
        // Java-backed scalar that autograd keeps for backward after DJL has released its memory.
        NDArray denominator = mask.sum().mul((float) pixelsPerPatch).add((float) EPS).mul((float) channels);
        return error.div(denominator.stopGradient());
    }
}
