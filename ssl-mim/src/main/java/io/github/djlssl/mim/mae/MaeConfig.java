package io.github.djlssl.mim.mae;

/**
 * MAE settings with the paper's defaults (He et al., 2022, "Masked Autoencoders Are Scalable
 * Vision Learners").
 *
 * <p>Optimiser recipe of the paper (Appendix A.1, Table 8; not part of this record): AdamW, base
 * lr 1.5e-4 × B/256, betas (0.9, 0.95), weight decay 0.05, batch 4096, cosine decay with 40
 * warm-up epochs, 800–1600 epochs; augmentation is random resized crop (0.2, 1) + flip only. In
 * this library: {@code OptimizerConfig.adamw(OptimizerConfig.linearScaledLr(1.5e-4, B), 0.05, 0.9,
 * 0.95).withWarmupEpochs(40)}.
 *
 * @param maskRatio fraction of patches hidden from the encoder, in (0, 1): 0.75 (§4, Fig. 5)
 * @param decoderDim decoder token width Dd, divisible by 4 (fixed sin-cos positions) and by
 *     {@code decoderHeads}: 512 (Table 1b)
 * @param decoderDepth decoder transformer blocks: 8 (Table 1a)
 * @param decoderHeads decoder attention heads: 16 (official {@code mae_vit_*_dec512d8b})
 * @param normPixLoss reconstruct per-patch normalised pixels (§3 "Reconstruction target", Table
 *     1d: +0.5 % fine-tuning accuracy): true
 * @param maskTokenInEncoder the Table 1c ablation "encoder w/ [M]": the encoder sees every
 *     position, the masked ones as a learned mask token (3.3× the encoder FLOPs, −0.7 %); false
 *     (the paper's MAE: the encoder sees only the visible patches). Used as the all-tokens
 *     baseline of the masked-encoder speed-up benchmark
 */
public record MaeConfig(
        double maskRatio,
        int decoderDim,
        int decoderDepth,
        int decoderHeads,
        boolean normPixLoss,
        boolean maskTokenInEncoder) {

    /** Validates every field and names the bad one. */
    public MaeConfig {
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("maskRatio must be in (0, 1), got " + maskRatio);
        }
        if (decoderDim < 4 || decoderDim % 4 != 0) {
            throw new IllegalArgumentException(
                    "decoderDim must be a positive multiple of 4 (sin-cos positions), got " + decoderDim);
        }
        if (decoderDepth < 1) {
            throw new IllegalArgumentException("decoderDepth must be >= 1, got " + decoderDepth);
        }
        if (decoderHeads < 1 || decoderDim % decoderHeads != 0) {
            throw new IllegalArgumentException(
                    "decoderHeads must be >= 1 and divide decoderDim=" + decoderDim + ", got " + decoderHeads);
        }
    }

    /**
     * Returns the paper's defaults (ImageNet scale).
     *
     * @return mask 0.75, decoder 512-d × 8 blocks × 16 heads, norm-pix loss on, masked encoder
     */
    public static MaeConfig defaults() {
        return new MaeConfig(0.75, 512, 8, 16, true, false);
    }

    /**
     * Returns a decoder sized for 28–32 px images and ViT-Tiny: 128-d × 2 blocks × 4 heads, the
     * rest as the paper. At 64 tokens the paper's 512 × 8 decoder costs several times the whole
     * masked encoder; MAE's Table 1a/1b shows a 1–2 block, 128–256-d decoder loses little
     * fine-tuning accuracy, and it keeps the decoder a small fraction of the step.
     *
     * @return the small-image config
     */
    public static MaeConfig smallImages() {
        return defaults().withDecoder(128, 2, 4);
    }

    /**
     * Returns a copy with another mask ratio.
     *
     * @param value fraction masked, in (0, 1)
     * @return the copy
     */
    public MaeConfig withMaskRatio(double value) {
        return new MaeConfig(value, decoderDim, decoderDepth, decoderHeads, normPixLoss, maskTokenInEncoder);
    }

    /**
     * Returns a copy with another decoder shape.
     *
     * @param dim token width Dd
     * @param depth blocks
     * @param heads attention heads, dividing {@code dim}
     * @return the copy
     */
    public MaeConfig withDecoder(int dim, int depth, int heads) {
        return new MaeConfig(maskRatio, dim, depth, heads, normPixLoss, maskTokenInEncoder);
    }

    /**
     * Returns a copy with the norm-pix target switched.
     *
     * @param value true for per-patch normalised pixel targets
     * @return the copy
     */
    public MaeConfig withNormPixLoss(boolean value) {
        return new MaeConfig(maskRatio, decoderDim, decoderDepth, decoderHeads, value, maskTokenInEncoder);
    }

    /**
     * Returns a copy with the encoder fed all positions (Table 1c "w/ [M]") or only the visible
     * ones.
     *
     * @param value true for the all-tokens encoder
     * @return the copy
     */
    public MaeConfig withMaskTokenInEncoder(boolean value) {
        return new MaeConfig(maskRatio, decoderDim, decoderDepth, decoderHeads, normPixLoss, value);
    }
}
