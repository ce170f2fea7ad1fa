package io.github.djlssl.core.encoder;

import java.util.List;

/**
 * The hyper-parameters of a torchvision-shaped {@link ResNet} (He et al., "Deep Residual Learning
 * for Image Recognition", CVPR 2016; torchvision's "v1.5" with the stride on the 3×3 conv).
 *
 * <p>Start from {@link #resnet18()}, {@link #resnet34()} or {@link #resnet50()} and adjust with the
 * {@code with…} methods:
 *
 * <pre>{@code
 * ResNetConfig cfg = ResNetConfig.resnet18().withWidth(16).withInputChannels(1).withImageSize(28);
 * }</pre>
 *
 * @param depth the nominal depth (18, 34 or 50), used for the architecture name
 * @param bottleneck whether stages use bottleneck blocks (1×1, 3×3, 1×1; expansion 4) instead of
 *     basic blocks (3×3, 3×3; expansion 1)
 * @param blocksPerStage the number of residual blocks in each of the four stages
 * @param width the channels of the first stage; stages use width·{1, 2, 4, 8} (torchvision: 64)
 * @param inputChannels image channels C (3 for RGB, 1 for grayscale)
 * @param imageSize the side of the (square) training images in pixels; chooses the stem when
 *     {@code stem} is {@link Stem#AUTO}
 * @param stem which stem to build
 * @param zeroInitResidual whether the last BatchNorm γ of every residual branch starts at zero so
 *     each block starts as the identity (Goyal et al. 2017; torchvision's {@code
 *     zero_init_residual}, off by default)
 */
public record ResNetConfig(
        int depth,
        boolean bottleneck,
        List<Integer> blocksPerStage,
        int width,
        int inputChannels,
        int imageSize,
        Stem stem,
        boolean zeroInitResidual) {

    /** Images at most this many pixels wide get the small-image stem under {@link Stem#AUTO}. */
    public static final int SMALL_IMAGE_MAX = 64;

    /** The first layers of the network, before the residual stages. */
    public enum Stem {
        /** {@link #SMALL_IMAGE} for images of at most {@value #SMALL_IMAGE_MAX} px, else {@link #IMAGENET}. */
        AUTO,
        /** torchvision's ImageNet stem: 7×7 conv stride 2, BN, ReLU, 3×3 max-pool stride 2 (÷4). */
        IMAGENET,
        /** The CIFAR stem of SimCLR and solo-learn: 3×3 conv stride 1, BN, ReLU, no max-pool. */
        SMALL_IMAGE
    }

    /** Validates every field and copies the stage list. */
    public ResNetConfig {
        if (depth <= 0) {
            throw new IllegalArgumentException("depth must be positive, got " + depth);
        }
        if (blocksPerStage == null || blocksPerStage.size() != 4) {
            throw new IllegalArgumentException(
                    "blocksPerStage must list 4 stages, got " + blocksPerStage);
        }
        for (Integer n : blocksPerStage) {
            if (n == null || n < 1) {
                throw new IllegalArgumentException(
                        "blocksPerStage entries must be >= 1, got " + blocksPerStage);
            }
        }
        blocksPerStage = List.copyOf(blocksPerStage);
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        if (inputChannels < 1) {
            throw new IllegalArgumentException(
                    "inputChannels must be >= 1, got " + inputChannels);
        }
        if (imageSize < 1) {
            throw new IllegalArgumentException("imageSize must be >= 1, got " + imageSize);
        }
        if (stem == null) {
            throw new IllegalArgumentException("stem must not be null");
        }
    }

    /**
     * Returns torchvision's ResNet-18: basic blocks [2, 2, 2, 2], width 64, RGB 224 px.
     *
     * @return the configuration; 11,176,512 parameters without the classifier
     */
    public static ResNetConfig resnet18() {
        return new ResNetConfig(18, false, List.of(2, 2, 2, 2), 64, 3, 224, Stem.AUTO, false);
    }

    /**
     * Returns torchvision's ResNet-34: basic blocks [3, 4, 6, 3], width 64, RGB 224 px.
     *
     * @return the configuration; 21,284,672 parameters without the classifier
     */
    public static ResNetConfig resnet34() {
        return new ResNetConfig(34, false, List.of(3, 4, 6, 3), 64, 3, 224, Stem.AUTO, false);
    }

    /**
     * Returns torchvision's ResNet-50: bottleneck blocks [3, 4, 6, 3], width 64, RGB 224 px.
     *
     * @return the configuration; 23,508,032 parameters without the classifier
     */
    public static ResNetConfig resnet50() {
        return new ResNetConfig(50, true, List.of(3, 4, 6, 3), 64, 3, 224, Stem.AUTO, false);
    }

    /**
     * Returns a copy with another first-stage width (16 or 32 make a narrow CPU preset).
     *
     * @param newWidth channels of the first stage
     * @return the new configuration
     */
    public ResNetConfig withWidth(int newWidth) {
        return new ResNetConfig(depth, bottleneck, blocksPerStage, newWidth, inputChannels,
                imageSize, stem, zeroInitResidual);
    }

    /**
     * Returns a copy for images with another number of channels.
     *
     * @param channels C of the input {@code [B, C, H, W]}
     * @return the new configuration
     */
    public ResNetConfig withInputChannels(int channels) {
        return new ResNetConfig(depth, bottleneck, blocksPerStage, width, channels, imageSize,
                stem, zeroInitResidual);
    }

    /**
     * Returns a copy for images of another size (which may switch the automatic stem).
     *
     * @param size H = W in pixels
     * @return the new configuration
     */
    public ResNetConfig withImageSize(int size) {
        return new ResNetConfig(depth, bottleneck, blocksPerStage, width, inputChannels, size,
                stem, zeroInitResidual);
    }

    /**
     * Returns a copy with an explicit stem choice.
     *
     * @param newStem the stem
     * @return the new configuration
     */
    public ResNetConfig withStem(Stem newStem) {
        return new ResNetConfig(depth, bottleneck, blocksPerStage, width, inputChannels,
                imageSize, newStem, zeroInitResidual);
    }

    /**
     * Returns a copy with zero-initialised residual branches switched on or off.
     *
     * @param zeroInit whether the last BN γ of each residual branch starts at 0
     * @return the new configuration
     */
    public ResNetConfig withZeroInitResidual(boolean zeroInit) {
        return new ResNetConfig(depth, bottleneck, blocksPerStage, width, inputChannels,
                imageSize, stem, zeroInit);
    }

    /**
     * Returns whether the small-image stem is used, resolving {@link Stem#AUTO} by image size.
     *
     * @return true for the 3×3 stride-1 stem without max-pool
     */
    public boolean usesSmallImageStem() {
        return stem == Stem.SMALL_IMAGE || (stem == Stem.AUTO && imageSize <= SMALL_IMAGE_MAX);
    }

    /**
     * Returns the channel multiplier of the last conv of a block: 4 for bottleneck, 1 for basic.
     *
     * @return the expansion
     */
    public int expansion() {
        return bottleneck ? 4 : 1;
    }

    /**
     * Returns the width of the pooled feature: {@code 8 · width · expansion} (512 for ResNet-18,
     * 2048 for ResNet-50).
     *
     * @return the feature dimension
     */
    public int featureDim() {
        return 8 * width * expansion();
    }

    /**
     * Returns the architecture name: {@code resnet18}, or {@code resnet18-w16} for a width other
     * than 64.
     *
     * @return the name for logs and run directories
     */
    public String architecture() {
        return "resnet" + depth + (width == 64 ? "" : "-w" + width);
    }
}
