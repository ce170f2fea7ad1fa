package io.github.djlssl.mim.beit;

/**
 * BEiT settings with the paper's defaults (Bao, Dong, Piao, Wei, "BEiT: BERT Pre-Training of Image
 * Transformers", ICLR 2022).
 *
 * <p><b>BEiT is only as good as its tokenizer.</b> The paper predicts the tokens of DALL-E's
 * discrete VAE (vocabulary 8192), trained on 250 M images; nothing can be downloaded here, so the
 * tokenizer is a {@link VqTokenizer} trained on the user's own data by the {@code beit-tokenizer}
 * method. A weak tokenizer (few codes in use, codes that track noise rather than shape) gives an
 * easy or meaningless target, and BEiT then learns little; check the tokenizer run's perplexity
 * and reconstruction before spending compute on BEiT.
 *
 * <p>Optimiser recipe of the paper (ViT-B, ImageNet-1k, 800 epochs, batch 2048): AdamW, lr 1.5e-3,
 * β = (0.9, 0.999), weight decay 0.05, 10 warm-up epochs then cosine, gradient clipping 3.0.
 *
 * @param tokenizer path of the trained tokenizer: the run directory of a {@code beit-tokenizer}
 *     run, one of its checkpoints, or a file written by {@link TokenizerFile#save}; required
 * @param maskRatio fraction of patches masked: 0.4 (75 of 196 patches, §2.2)
 * @param minBlockPatches smallest mask block; 0 scales BEiT's 16 (at 14 × 14) to the grid's area,
 *     see {@link BlockMasking}
 * @param minCropScale smallest random-resized-crop area fraction: 0.08 (BEiT's {@code
 *     RandomResizedCrop} scale (0.08, 1))
 * @param colorJitter brightness/contrast/saturation jitter strength: 0.4 (BEiT's {@code
 *     ColorJitter(0.4, 0.4, 0.4)}); 0 turns it off
 */
public record BeitConfig(
        String tokenizer,
        double maskRatio,
        int minBlockPatches,
        double minCropScale,
        double colorJitter) {

    /** Validates every field and names the bad one. */
    public BeitConfig {
        if (tokenizer == null) {
            throw new IllegalArgumentException("tokenizer must not be null (use \"\" for unset)");
        }
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("maskRatio must be in (0, 1), got " + maskRatio);
        }
        if (minBlockPatches < 0) {
            throw new IllegalArgumentException(
                    "minBlockPatches must be >= 0 (0 = scaled to the grid), got "
                            + minBlockPatches);
        }
        if (!(minCropScale > 0 && minCropScale <= 1)) {
            throw new IllegalArgumentException(
                    "minCropScale must be in (0, 1], got " + minCropScale);
        }
        if (!(colorJitter >= 0 && Double.isFinite(colorJitter))) {
            throw new IllegalArgumentException(
                    "colorJitter must be finite and >= 0, got " + colorJitter);
        }
    }

    /**
     * Returns the paper's defaults, without a tokenizer (set one before creating the method).
     *
     * @return no tokenizer, 40% block masking, crop (0.08, 1), colour jitter 0.4
     */
    public static BeitConfig defaults() {
        return new BeitConfig("", 0.4, 0, 0.08, 0.4);
    }

    /**
     * Returns a copy with a tokenizer location.
     *
     * @param path run directory, checkpoint or tokenizer file
     * @return the copy
     */
    public BeitConfig withTokenizer(String path) {
        return new BeitConfig(path, maskRatio, minBlockPatches, minCropScale, colorJitter);
    }

    /**
     * Returns a copy with another mask ratio.
     *
     * @param value the fraction masked
     * @return the copy
     */
    public BeitConfig withMaskRatio(double value) {
        return new BeitConfig(tokenizer, value, minBlockPatches, minCropScale, colorJitter);
    }
}
