package io.github.djlssl.mim.simmim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.PatchOps;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.mask.PatchMask;
import io.github.djlssl.core.mask.SimMimMaskConfig;
import io.github.djlssl.core.mask.SimMimMaskGenerator;
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
 * SimMIM (Xie et al., 2022): mask random coarse patches of the image, feed the ViT every position
 * with the masked ones replaced by a learned mask token, and regress the raw pixels of the masked
 * area with a one-layer head and an L1 loss (§3, Fig. 2).
 *
 * <p>One step: {@link SimMimMaskGenerator} mask ({@code step.rng()}) on mask patches larger than
 * the model's → {@link MaskTokenInput} → {@link VisionTransformer#forwardSequence} → drop the CLS
 * token → {@code head} (Linear D → p·p·C per token; the official 1×1 conv + PixelShuffle is the same
 * map with another pixel order) → {@link SimMimLoss} against the patchified input view.
 */
public final class SimMim implements SslMethod {

    /** The registry id. */
    public static final String ID = "simmim";

    private final VisionTransformer encoder;
    private final MaskTokenInput input;
    private final Linear head;
    private final BlockGroup trainable;
    private final MultiView views;
    private final SimMimMaskGenerator masks;
    private final SimMimLoss loss;

    /**
     * Builds SimMIM around an initialised ViT encoder.
     *
     * @param config the settings
     * @param context encoder (a {@link VisionTransformer}), manager, normalisation
     * @throws IllegalArgumentException if the encoder is not a ViT or the mask patch does not fit
     */
    public SimMim(SimMimConfig config, MethodContext context) {
        VisionTransformer vit = MaskTokenInput.requireVit(context.encoder(), ID);
        this.encoder = vit;
        int patch = vit.patchSize();
        int size = context.imageSize();
        int channels = context.channels();
        this.masks = new SimMimMaskGenerator(new SimMimMaskConfig(
                size, config.resolveMaskPatchSize(size, patch), patch, config.maskRatio()));
        this.input = new MaskTokenInput(vit);
        input.initialize(context.manager(), DataType.FLOAT32, new Shape(2, channels, size, size));
        this.head = Linear.builder().setUnits((long) patch * patch * channels).build();
        // PyTorch's default for the official 1x1 conv: U(±1/sqrt(fan_in)).
        head.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(vit.embedDim()))), Parameter.Type.WEIGHT);
        head.initialize(context.manager(), DataType.FLOAT32, new Shape(2, vit.numPatches(), vit.embedDim()));
        Map<String, Block> members = new LinkedHashMap<>();
        members.put("encoder", vit);
        members.put("mask_token", input);
        members.put("head", head);
        this.trainable = BlockGroup.of(members);
        this.views = AugmentationPresets.simmim(size, channels);
        this.loss = new SimMimLoss(channels);
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
     * Returns the mask generator.
     *
     * @return the coarse random-mask generator
     */
    public SimMimMaskGenerator masks() {
        return masks;
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        NDArray images = batchViews.get(0);
        PatchMask mask = masks.generate(step.manager(), (int) images.getShape().get(0), step.rng());
        NDArray predictions = reconstruct(step.parameterStore(), images, mask.floatMask(), true);
        NDArray patches = PatchOps.patchify(images, encoder.patchSize());
        return LossOutput.of(loss.compute(predictions, patches, mask.floatMask()));
    }

    /**
     * Predicts the pixels of every patch from the masked input.
     *
     * @param ps the parameter store
     * @param images float images {@code [B, C, H, W]}
     * @param mask float {@code [B, L]}, 1 = masked
     * @param training training mode
     * @return predictions {@code [B, L, p·p·C]}
     */
    public NDArray reconstruct(ParameterStore ps, NDArray images, NDArray mask, boolean training) {
        NDArray tokens = input.embed(ps, images, mask, training);
        NDArray out = encoder.forwardSequence(ps, tokens, training);
        if (encoder.prefixTokens() > 0) {
            out = out.split(new long[] {encoder.prefixTokens()}, 1).get(1);
        }
        return head.forward(ps, new NDList(out), training).singletonOrThrow();
    }
}
