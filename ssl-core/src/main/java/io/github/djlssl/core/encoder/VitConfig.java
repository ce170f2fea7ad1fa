package io.github.djlssl.core.encoder;

/**
 * The hyper-parameters of a {@link VisionTransformer} (Dosovitskiy et al., "An Image is Worth 16x16
 * Words", ICLR 2021), with timm's/MAE's defaults: MLP ratio 4, qkv bias, a CLS token, LayerNorm ε =
 * 1e-6, and MAE's fixed 2-D sin-cos positional embedding.
 *
 * <pre>{@code
 * VitConfig cfg = VitConfig.tiny(4).withImageSize(32);         // 8 × 8 = 64 patches
 * VitConfig toy = VitConfig.tiny(4).withImageSize(16).withWidth(32, 2).withDepth(2);
 * }</pre>
 *
 * @param imageSize the side of the square input images, divisible by {@code patchSize}
 * @param patchSize the side of a square patch
 * @param inputChannels image channels C
 * @param embedDim the token width D, divisible by {@code numHeads}
 * @param depth the number of transformer blocks
 * @param numHeads attention heads per block
 * @param mlpRatio hidden width of the MLP as a multiple of D
 * @param qkvBias whether the fused qkv projection has a bias
 * @param classToken whether a learned CLS token is prepended
 * @param positionalEmbedding fixed sin-cos or learned
 * @param pooling how {@link VisionTransformer#features} pools tokens
 * @param layerNormEps ε of every LayerNorm
 */
public record VitConfig(
        int imageSize,
        int patchSize,
        int inputChannels,
        int embedDim,
        int depth,
        int numHeads,
        double mlpRatio,
        boolean qkvBias,
        boolean classToken,
        PositionalEmbedding positionalEmbedding,
        Pooling pooling,
        float layerNormEps) {

    /** How token features are pooled into one vector per image. */
    public enum Pooling {
        /** The CLS token after the final norm (timm {@code global_pool="token"}). */
        CLS,
        /** The mean of the patch tokens after the final norm. */
        MEAN
    }

    /** Validates every field; the image must split into whole patches. */
    public VitConfig {
        positive("imageSize", imageSize);
        positive("patchSize", patchSize);
        positive("inputChannels", inputChannels);
        positive("embedDim", embedDim);
        positive("depth", depth);
        positive("numHeads", numHeads);
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException(
                    "imageSize " + imageSize + " is not divisible by patchSize " + patchSize);
        }
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException(
                    "embedDim " + embedDim + " is not divisible by numHeads " + numHeads);
        }
        if (!(mlpRatio > 0) || Math.round(embedDim * mlpRatio) < 1) {
            throw new IllegalArgumentException("mlpRatio must be positive, got " + mlpRatio);
        }
        if (positionalEmbedding == null || pooling == null) {
            throw new IllegalArgumentException("positionalEmbedding and pooling must not be null");
        }
        if (positionalEmbedding == PositionalEmbedding.SINCOS_2D && embedDim % 4 != 0) {
            throw new IllegalArgumentException(
                    "SINCOS_2D needs embedDim divisible by 4, got " + embedDim);
        }
        if (pooling == Pooling.CLS && !classToken) {
            throw new IllegalArgumentException("pooling CLS needs classToken = true");
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layerNormEps must be positive, got " + layerNormEps);
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /** A depth-12 ViT with timm's defaults for RGB images of the given size. */
    static VitConfig standard(int imageSize, int patchSize, int dim, int heads) {
        return new VitConfig(imageSize, patchSize, 3, dim, 12, heads, 4.0, true, true,
                PositionalEmbedding.SINCOS_2D, Pooling.CLS, 1e-6f);
    }

    /**
     * Returns ViT-Tiny (D 192, depth 12, 3 heads) for RGB 224 px.
     *
     * @param patchSize the patch side, e.g. 16 (or 4 for 32 px images)
     * @return the configuration
     */
    public static VitConfig tiny(int patchSize) {
        return standard(224, patchSize, 192, 3);
    }

    /**
     * Returns ViT-Small (D 384, depth 12, 6 heads) for RGB 224 px.
     *
     * @param patchSize the patch side
     * @return the configuration
     */
    public static VitConfig small(int patchSize) {
        return standard(224, patchSize, 384, 6);
    }

    /**
     * Returns ViT-Base (D 768, depth 12, 12 heads) for RGB 224 px.
     *
     * @param patchSize the patch side
     * @return the configuration
     */
    public static VitConfig base(int patchSize) {
        return standard(224, patchSize, 768, 12);
    }

    /**
     * Returns a copy for another image size.
     *
     * @param size H = W, divisible by the patch size
     * @return the new configuration
     */
    public VitConfig withImageSize(int size) {
        return new VitConfig(size, patchSize, inputChannels, embedDim, depth, numHeads, mlpRatio,
                qkvBias, classToken, positionalEmbedding, pooling, layerNormEps);
    }

    /**
     * Returns a copy with another patch size.
     *
     * @param size the patch side, dividing the image size
     * @return the new configuration
     */
    public VitConfig withPatchSize(int size) {
        return new VitConfig(imageSize, size, inputChannels, embedDim, depth, numHeads, mlpRatio,
                qkvBias, classToken, positionalEmbedding, pooling, layerNormEps);
    }

    /**
     * Returns a copy for images with another number of channels.
     *
     * @param channels C
     * @return the new configuration
     */
    public VitConfig withInputChannels(int channels) {
        return new VitConfig(imageSize, patchSize, channels, embedDim, depth, numHeads, mlpRatio,
                qkvBias, classToken, positionalEmbedding, pooling, layerNormEps);
    }

    /**
     * Returns a copy with another number of blocks.
     *
     * @param blocks the depth
     * @return the new configuration
     */
    public VitConfig withDepth(int blocks) {
        return new VitConfig(imageSize, patchSize, inputChannels, embedDim, blocks, numHeads,
                mlpRatio, qkvBias, classToken, positionalEmbedding, pooling, layerNormEps);
    }

    /**
     * Returns a copy with another token width and head count (for toy models and tests).
     *
     * @param dim D
     * @param heads attention heads, dividing D
     * @return the new configuration
     */
    public VitConfig withWidth(int dim, int heads) {
        return new VitConfig(imageSize, patchSize, inputChannels, dim, depth, heads, mlpRatio,
                qkvBias, classToken, positionalEmbedding, pooling, layerNormEps);
    }

    /**
     * Returns a copy with another positional embedding.
     *
     * @param kind fixed sin-cos or learned
     * @return the new configuration
     */
    public VitConfig withPositionalEmbedding(PositionalEmbedding kind) {
        return new VitConfig(imageSize, patchSize, inputChannels, embedDim, depth, numHeads,
                mlpRatio, qkvBias, classToken, kind, pooling, layerNormEps);
    }

    /**
     * Returns a copy with another pooling.
     *
     * @param mode CLS or MEAN
     * @return the new configuration
     */
    public VitConfig withPooling(Pooling mode) {
        return new VitConfig(imageSize, patchSize, inputChannels, embedDim, depth, numHeads,
                mlpRatio, qkvBias, classToken, positionalEmbedding, mode, layerNormEps);
    }

    /**
     * Returns a copy with or without the CLS token (without it, pooling must be MEAN).
     *
     * @param enabled whether to prepend a CLS token
     * @param mode the pooling to use
     * @return the new configuration
     */
    public VitConfig withClassToken(boolean enabled, Pooling mode) {
        return new VitConfig(imageSize, patchSize, inputChannels, embedDim, depth, numHeads,
                mlpRatio, qkvBias, enabled, positionalEmbedding, mode, layerNormEps);
    }

    /**
     * Returns the number of patches per side.
     *
     * @return imageSize / patchSize
     */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /**
     * Returns the number of patch tokens.
     *
     * @return gridSize²
     */
    public int numPatches() {
        return gridSize() * gridSize();
    }

    /**
     * Returns the number of prefix tokens before the patches.
     *
     * @return 1 with a CLS token, else 0
     */
    public int prefixTokens() {
        return classToken ? 1 : 0;
    }

    /**
     * Returns the MLP hidden width.
     *
     * @return round(D · mlpRatio)
     */
    public int mlpHiddenDim() {
        return (int) Math.round(embedDim * mlpRatio);
    }

    /**
     * Returns the architecture name: {@code vit-tiny-p16}, {@code vit-small-p8}, {@code
     * vit-base-p16}, or {@code vit-d32-l2-h2-p4} for a custom shape.
     *
     * @return the name for logs and run directories
     */
    public String architecture() {
        String size;
        if (depth == 12 && embedDim == 192 && numHeads == 3) {
            size = "tiny";
        } else if (depth == 12 && embedDim == 384 && numHeads == 6) {
            size = "small";
        } else if (depth == 12 && embedDim == 768 && numHeads == 12) {
            size = "base";
        } else {
            size = "d" + embedDim + "-l" + depth + "-h" + numHeads;
        }
        return "vit-" + size + "-p" + patchSize;
    }
}
