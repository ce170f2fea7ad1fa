package io.github.djlssl.core.encoder;

import java.util.List;
import java.util.Locale;

/**
 * An encoder chosen by name, as the command line and configuration files spell it: {@code
 * resnet18 | resnet34 | resnet50 | vit-tiny | vit-small | vit-base}, for images of a given size
 * and channel count.
 *
 * <pre>{@code
 * Encoder e = EncoderSpec.of("resnet18", 28, 1).withWidth(16).build();  // narrow CPU ResNet-18
 * Encoder v = EncoderSpec.of("vit-tiny", 32, 3).build();                // patch 4, 64 tokens
 * }</pre>
 *
 * @param name one of {@link #NAMES} (case-insensitive)
 * @param imageSize the side of the square input images
 * @param inputChannels image channels C
 * @param width the first-stage width of a ResNet (64 = torchvision; 0 = default); ignored by ViTs
 * @param patchSize the patch side of a ViT (0 = {@link #defaultPatchSize}); ignored by ResNets
 * @param pooling how a ViT pools its tokens into one feature: {@code CLS} (a learned class token,
 *     the default; null means CLS) or {@code MEAN} (no class token, the mean of the patch tokens, as
 *     I-JEPA and MAE's linear probe use); ignored by ResNets
 */
public record EncoderSpec(
        String name, int imageSize, int inputChannels, int width, int patchSize, VitConfig.Pooling pooling) {

    /** The accepted names. */
    public static final List<String> NAMES =
            List.of("resnet18", "resnet34", "resnet50", "vit-tiny", "vit-small", "vit-base");

    /** Normalises the name and validates every field. */
    public EncoderSpec {
        if (name == null || !NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    "unknown encoder '" + name + "'; valid names: " + String.join(", ", NAMES));
        }
        name = name.toLowerCase(Locale.ROOT);
        if (imageSize < 1) {
            throw new IllegalArgumentException("imageSize must be >= 1, got " + imageSize);
        }
        if (inputChannels < 1) {
            throw new IllegalArgumentException("inputChannels must be >= 1, got " + inputChannels);
        }
        if (width < 0) {
            throw new IllegalArgumentException("width must be >= 0 (0 = default), got " + width);
        }
        if (patchSize < 0) {
            throw new IllegalArgumentException("patchSize must be >= 0 (0 = default), got " + patchSize);
        }
        if (pooling == null) {
            pooling = VitConfig.Pooling.CLS; // run records written before pooling existed
        }
    }

    /**
     * Describes an encoder with CLS pooling.
     *
     * @param name one of {@link #NAMES}
     * @param imageSize the image side
     * @param inputChannels C
     * @param width the ResNet width, 0 = default
     * @param patchSize the ViT patch size, 0 = default
     */
    public EncoderSpec(String name, int imageSize, int inputChannels, int width, int patchSize) {
        this(name, imageSize, inputChannels, width, patchSize, VitConfig.Pooling.CLS);
    }

    /**
     * Describes an encoder with default width / patch size.
     *
     * @param name one of {@link #NAMES}
     * @param imageSize the image side
     * @param inputChannels C
     * @return the spec
     */
    public static EncoderSpec of(String name, int imageSize, int inputChannels) {
        return new EncoderSpec(name, imageSize, inputChannels, 0, 0);
    }

    /**
     * Returns a copy with a ResNet width (e.g. 16 or 32 for a narrow CPU preset).
     *
     * @param newWidth channels of the first stage, or 0 for 64
     * @return the new spec
     */
    public EncoderSpec withWidth(int newWidth) {
        return new EncoderSpec(name, imageSize, inputChannels, newWidth, patchSize, pooling);
    }

    /**
     * Returns a copy with a ViT patch size.
     *
     * @param newPatchSize the patch side, or 0 for {@link #defaultPatchSize}
     * @return the new spec
     */
    public EncoderSpec withPatchSize(int newPatchSize) {
        return new EncoderSpec(name, imageSize, inputChannels, width, newPatchSize, pooling);
    }

    /**
     * Returns a copy with a ViT pooling mode: {@code MEAN} drops the class token.
     *
     * @param mode CLS or MEAN
     * @return the new spec
     */
    public EncoderSpec withPooling(VitConfig.Pooling mode) {
        return new EncoderSpec(name, imageSize, inputChannels, width, patchSize, mode);
    }

    /**
     * Returns whether this names a Vision Transformer.
     *
     * @return true for {@code vit-*}
     */
    public boolean isVit() {
        return name.startsWith("vit-");
    }

    /**
     * Returns the patch size used when none is given, keeping the token grid near 8×8 … 14×14:
     * 4 up to 32 px (8×8 at 32, 7×7 at 28), 8 up to 112 px (12×12 at 96), else 16 (14×14 at 224);
     * if that does not divide the image, the largest smaller divisor.
     *
     * @param imageSize the image side
     * @return the patch side, dividing {@code imageSize}
     */
    public static int defaultPatchSize(int imageSize) {
        int preferred = imageSize <= 32 ? 4 : imageSize <= 112 ? 8 : 16;
        for (int p = Math.min(preferred, imageSize); p > 1; p--) {
            if (imageSize % p == 0) {
                return p;
            }
        }
        return 1;
    }

    /**
     * Builds the uninitialised encoder.
     *
     * @return a {@link ResNet} or a {@link VisionTransformer}
     */
    public Encoder build() {
        if (isVit()) {
            int patch = patchSize == 0 ? defaultPatchSize(imageSize) : patchSize;
            VitConfig config =
                    switch (name) {
                        case "vit-tiny" -> VitConfig.standard(imageSize, patch, 192, 3);
                        case "vit-small" -> VitConfig.standard(imageSize, patch, 384, 6);
                        default -> VitConfig.standard(imageSize, patch, 768, 12);
                    };
            config = config.withInputChannels(inputChannels);
            if (pooling == VitConfig.Pooling.MEAN) {
                config = config.withClassToken(false, VitConfig.Pooling.MEAN);
            }
            return new VisionTransformer(config);
        }
        ResNetConfig base =
                switch (name) {
                    case "resnet18" -> ResNetConfig.resnet18();
                    case "resnet34" -> ResNetConfig.resnet34();
                    default -> ResNetConfig.resnet50();
                };
        return new ResNet(
                base.withWidth(width == 0 ? 64 : width)
                        .withImageSize(imageSize)
                        .withInputChannels(inputChannels));
    }
}
