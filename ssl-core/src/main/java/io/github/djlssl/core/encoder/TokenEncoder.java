package io.github.djlssl.core.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * An {@link Encoder} over a grid of patch tokens (a ViT). Masked-image methods (MAE, SimMIM,
 * MaskFeat, BEiT) and I-JEPA work through this interface.
 *
 * <p>Token convention: patches are numbered row-major over the {@code gridSize() x gridSize()}
 * grid, {@code 0 .. numPatches()-1}. Index tensors are int64 {@code [B, K]}.
 */
public interface TokenEncoder extends Encoder {

    /**
     * Returns the side of one square patch in pixels.
     *
     * @return the patch size
     */
    int patchSize();

    /**
     * Returns the number of patches per image side.
     *
     * @return H / patchSize
     */
    int gridSize();

    /**
     * Returns the number of patch tokens per image.
     *
     * @return gridSize()²
     */
    default int numPatches() {
        return gridSize() * gridSize();
    }

    /**
     * Returns the token width.
     *
     * @return D
     */
    int embedDim();

    /**
     * Runs the transformer on the kept patches only (the source of MAE's and I-JEPA's speed) and
     * returns all output tokens after the final norm.
     *
     * @param parameterStore the caller's parameter store
     * @param images float images {@code [B, C, H, W]}
     * @param keepIndices int64 {@code [B, K]} patch indices to keep, or {@code null} for all
     *     patches
     * @param training training mode
     * @return tokens {@code [B, P + K, D]} where P is the number of prefix tokens (1 with a CLS
     *     token, else 0), followed by the kept patch tokens in the order of {@code keepIndices}
     */
    NDArray forwardTokens(
            ParameterStore parameterStore, NDArray images, NDArray keepIndices, boolean training);

    /**
     * Returns how many prefix tokens (CLS) precede the patch tokens in {@link #forwardTokens}.
     *
     * @return 1 with a CLS token, else 0
     */
    int prefixTokens();
}
