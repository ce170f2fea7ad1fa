package io.github.djlssl.mim.beit;

/**
 * The architecture and loss weight of a {@link VqTokenizer} (van den Oord, Vinyals, Kavukcuoglu,
 * "Neural Discrete Representation Learning", NeurIPS 2017).
 *
 * @param codebookSize number of codes K, BEiT's vocabulary: 512 (the VQ-VAE paper's ImageNet
 *     value, §4.2; BEiT's DALL-E dVAE has 8192, too many to fill from a small dataset)
 * @param codeDim width of a code vector D: 64
 * @param hiddenChannels width of the convolutional encoder and decoder: 64 (the VQ-VAE paper
 *     uses 256 at 128 px; 64 keeps a CPU run affordable on 28–32 px images)
 * @param commitmentCost β of the commitment term: 0.25 (§3.2; results were robust in [0.1, 2])
 * @param codebookDecay γ of the EMA codebook update: 0.99 (Appendix A.1); 0 makes each step a
 *     k-means step on the batch alone
 */
public record VqTokenizerConfig(
        int codebookSize, int codeDim, int hiddenChannels, double commitmentCost,
        double codebookDecay) {

    /** Validates every field and names the bad one. */
    public VqTokenizerConfig {
        if (codebookSize < 2) {
            throw new IllegalArgumentException("codebookSize must be >= 2, got " + codebookSize);
        }
        if (codeDim < 1) {
            throw new IllegalArgumentException("codeDim must be >= 1, got " + codeDim);
        }
        if (hiddenChannels < 1) {
            throw new IllegalArgumentException(
                    "hiddenChannels must be >= 1, got " + hiddenChannels);
        }
        if (!(commitmentCost >= 0 && Double.isFinite(commitmentCost))) {
            throw new IllegalArgumentException(
                    "commitmentCost must be finite and >= 0, got " + commitmentCost);
        }
        if (!(codebookDecay >= 0 && codebookDecay < 1)) {
            throw new IllegalArgumentException(
                    "codebookDecay must be in [0, 1), got " + codebookDecay);
        }
    }

    /**
     * Returns the defaults.
     *
     * @return K 512, D 64, 64 hidden channels, β 0.25, γ 0.99
     */
    public static VqTokenizerConfig defaults() {
        return new VqTokenizerConfig(512, 64, 64, 0.25, 0.99);
    }
}
