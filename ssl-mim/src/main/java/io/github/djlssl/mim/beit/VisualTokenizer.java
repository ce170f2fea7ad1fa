package io.github.djlssl.mim.beit;

import ai.djl.ndarray.NDArray;

/**
 * Maps images to discrete visual tokens on the patch grid: BEiT's prediction targets (Bao et al.
 * 2022, §2.1.2). BEiT uses DALL-E's discrete VAE (8192 tokens, trained on 250 M images); this
 * library trains its own {@link VqTokenizer} on the user's data — see the {@code beit} package
 * documentation for what that means for quality.
 *
 * <p>A tokenizer is frozen during BEiT pretraining: {@link #tokenize} gives no gradient.
 */
public interface VisualTokenizer {

    /**
     * Computes the token of every patch.
     *
     * @param images normalised float images {@code [B, C, H, W]}, as fed to the ViT
     * @return int64 codes {@code [B, L]} in {@code [0, vocabularySize())}, row-major over the
     *     {@code (H / patchSize()) × (W / patchSize())} grid, on the images' manager
     */
    NDArray tokenize(NDArray images);

    /**
     * Returns the number of distinct tokens.
     *
     * @return the vocabulary size V
     */
    int vocabularySize();

    /**
     * Returns the side of the square image patch one token stands for; it must equal the ViT's.
     *
     * @return the patch size in pixels
     */
    int patchSize();
}
