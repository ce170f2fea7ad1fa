package io.github.djlssl.mim.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.PatchOps;
import io.github.djlssl.core.encoder.TokenEncoder;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.mask.PatchGrid;
import io.github.djlssl.core.mask.PatchMask;
import io.github.djlssl.core.mask.RandomMaskConfig;
import io.github.djlssl.core.mask.RandomMaskGenerator;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.github.djlssl.mim.common.MaskTokenInput;

/**
 * MAE (He et al., 2022): hide 75 % of the patches, run the ViT encoder on the visible ones only,
 * and let a light decoder reconstruct the pixels of the hidden ones (§3, Fig. 1).
 *
 * <p>One step: draw a {@link RandomMaskGenerator} mask per image ({@code step.rng()}) → {@link
 * TokenEncoder#forwardTokens} on the kept indices (no mask tokens in the encoder: this is where
 * MAE's ≈3× speed-up comes from) → {@link MaeDecoder} with {@code restoreIndices} → {@link
 * MaeLoss} on the masked patches of the (per-patch normalised) input.
 *
 * <p>The pixel target is the augmented view as the model sees it (after dataset normalisation),
 * as in the official code. With {@link MaeConfig#maskTokenInEncoder()} the encoder instead sees
 * every position, masked ones as a learned mask token ({@link MaskTokenInput}; Table 1c).
 */
public final class Mae implements SslMethod {

    /** The registry id. */
    public static final String ID = "mae";

    private final TokenEncoder encoder;
    private final MaskTokenInput encoderMaskToken;
    private final MaeDecoder decoder;
    private final BlockGroup trainable;
    private final MultiView views;
    private final RandomMaskGenerator masks;
    private final MaeLoss loss;

    /**
     * Builds MAE around an initialised ViT encoder.
     *
     * @param config the settings
     * @param context encoder (a {@link TokenEncoder}), manager, normalisation
     * @throws IllegalArgumentException if the encoder is not a ViT
     */
    public Mae(MaeConfig config, MethodContext context) {
        this.encoder = requireTokenEncoder(ID, context.encoder());
        int grid = encoder.gridSize();
        int patch = encoder.patchSize();
        int channels = context.channels();
        this.masks = new RandomMaskGenerator(new RandomMaskConfig(PatchGrid.square(grid), config.maskRatio()));
        int prefix = encoder.prefixTokens();
        this.decoder = new MaeDecoder(config, grid, prefix, patch * patch * channels, !config.maskTokenInEncoder());
        Map<String, Block> members = new LinkedHashMap<>();
        members.put("encoder", encoder);
        if (config.maskTokenInEncoder()) {
            if (!(encoder instanceof VisionTransformer vit)) {
                throw new IllegalArgumentException(
                        "maskTokenInEncoder needs a VisionTransformer, got " + encoder.architecture());
            }
            this.encoderMaskToken = new MaskTokenInput(vit);
            encoderMaskToken.initialize(context.manager(), DataType.FLOAT32, new Shape(2, channels, 1, 1));
            members.put("encoder_mask_token", encoderMaskToken);
            decoder.initialize(context.manager(), DataType.FLOAT32,
                    new Shape(2, prefix + encoder.numPatches(), encoder.embedDim()));
        } else {
            this.encoderMaskToken = null;
            decoder.initialize(context.manager(), DataType.FLOAT32,
                    new Shape(2, prefix + encoder.numPatches() - masks.maskedCount(), encoder.embedDim()));
        }
        members.put("decoder", decoder);
        this.trainable = BlockGroup.of(members);
        this.views = AugmentationPresets.mae(context.imageSize(), channels);
        this.loss = new MaeLoss(config.normPixLoss());
    }

    /**
     * Returns the encoder as a {@link TokenEncoder}, or fails with a message naming the method and
     * the encoder it got.
     *
     * @param method the method id, for the message
     * @param encoder the context's encoder
     * @return the same encoder
     * @throws IllegalArgumentException if it is not a ViT
     */
    static TokenEncoder requireTokenEncoder(String method, Encoder encoder) {
        if (encoder instanceof TokenEncoder tokens) {
            return tokens;
        }
        throw new IllegalArgumentException(
                method + " needs a ViT encoder (vit-tiny|small|base), got " + encoder.architecture());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MultiView views() {
        return views;
    }

    @Override
    public Block trainable() {
        return trainable;
    }

    @Override
    public Encoder encoder() {
        return encoder;
    }

    /**
     * Returns the decoder (for inspection and reconstruction plots).
     *
     * @return the decoder
     */
    public MaeDecoder decoder() {
        return decoder;
    }

    /**
     * Returns the mask generator.
     *
     * @return the random-mask generator on the encoder's grid
     */
    public RandomMaskGenerator masks() {
        return masks;
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        NDArray images = batchViews.get(0);
        PatchMask mask = masks.generate(step.manager(), (int) images.getShape().get(0), step.rng());
        NDArray predictions = reconstruct(images, mask, step);
        NDArray patches = PatchOps.patchify(images, encoder.patchSize());
        return LossOutput.of(loss.compute(predictions, patches, mask.floatMask()));
    }

    /**
     * Runs encoder and decoder on a batch under a given mask.
     *
     * @param images float images {@code [B, C, H, W]}
     * @param mask the patch mask (equal counts, with indices)
     * @param step the step context
     * @return pixel predictions {@code [B, L, p·p·C]} for every patch
     */
    public NDArray reconstruct(NDArray images, PatchMask mask, TrainingStep step) {
        if (encoderMaskToken == null) {
            NDArray latent = encoder.forwardTokens(step.parameterStore(), images, mask.keepIndices(), true);
            return decoder.decode(step.parameterStore(), latent, mask.restoreIndices(), true);
        }
        VisionTransformer vit = (VisionTransformer) encoder;
        NDArray tokens = encoderMaskToken.embed(step.parameterStore(), images, mask.floatMask(), true);
        NDArray latent = vit.forwardSequence(step.parameterStore(), tokens, true);
        return decoder.decode(step.parameterStore(), latent, null, true);
    }
}
