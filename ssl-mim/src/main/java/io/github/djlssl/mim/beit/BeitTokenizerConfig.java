package io.github.djlssl.mim.beit;

/**
 * Settings of the {@code beit-tokenizer} stage, which trains the {@link VqTokenizer} that BEiT
 * then predicts. BEiT itself uses DALL-E's pretrained dVAE (8192 tokens); this stage replaces it
 * with a VQ-VAE (van den Oord et al. 2017) trained on the user's data.
 *
 * <p>Optimiser: the VQ-VAE paper uses Adam, lr 2e-4, batch 128; from the command line {@code
 * --optimizer adamw --lr 2e-4 --weight-decay 0}.
 *
 * @param codebookSize BEiT's vocabulary V = the number of codes K: 512 (see {@link
 *     VqTokenizerConfig})
 * @param codeDim width of a code vector: 64
 * @param hiddenChannels convolution width of encoder and decoder: 64
 * @param commitmentCost β: 0.25 (VQ-VAE §3.2)
 * @param codebookDecay γ of the EMA codebook update: 0.99 (VQ-VAE Appendix A.1)
 * @param minCropScale smallest random-resized-crop area fraction: 0.08, BEiT's view
 * @param colorJitter colour jitter strength: 0.4, BEiT's view
 */
public record BeitTokenizerConfig(
        int codebookSize,
        int codeDim,
        int hiddenChannels,
        double commitmentCost,
        double codebookDecay,
        double minCropScale,
        double colorJitter) {

    /** Validates every field and names the bad one. */
    public BeitTokenizerConfig {
        vq(codebookSize, codeDim, hiddenChannels, commitmentCost, codebookDecay); // validates them
        if (!(minCropScale > 0 && minCropScale <= 1)) {
            throw new IllegalArgumentException(
                    "minCropScale must be in (0, 1], got " + minCropScale);
        }
        if (!(colorJitter >= 0 && Double.isFinite(colorJitter))) {
            throw new IllegalArgumentException(
                    "colorJitter must be finite and >= 0, got " + colorJitter);
        }
    }

    private static VqTokenizerConfig vq(int k, int d, int h, double beta, double decay) {
        return new VqTokenizerConfig(k, d, h, beta, decay);
    }

    /**
     * Returns the defaults.
     *
     * @return {@link VqTokenizerConfig#defaults()} with BEiT's view
     */
    public static BeitTokenizerConfig defaults() {
        VqTokenizerConfig v = VqTokenizerConfig.defaults();
        return new BeitTokenizerConfig(v.codebookSize(), v.codeDim(), v.hiddenChannels(),
                v.commitmentCost(), v.codebookDecay(), 0.08, 0.4);
    }

    /**
     * Returns the tokenizer's architecture.
     *
     * @return codebook, widths and β
     */
    public VqTokenizerConfig tokenizer() {
        return vq(codebookSize, codeDim, hiddenChannels, commitmentCost, codebookDecay);
    }

    /**
     * Returns a copy with other sizes (for small tests).
     *
     * @param codes K
     * @param dim D
     * @param hidden convolution width
     * @return the copy
     */
    public BeitTokenizerConfig withSizes(int codes, int dim, int hidden) {
        return new BeitTokenizerConfig(codes, dim, hidden, commitmentCost, codebookDecay, minCropScale,
                colorJitter);
    }
}
