package io.github.djlssl.mim.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.mask.BlockMaskGenerator;
import io.github.djlssl.core.mask.PatchMask;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.TrainingStep;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The masked-prediction network BEiT (Bao et al. 2022, §2.3) and MaskFeat (Wei et al. 2022, §3)
 * share: block-wise mask the patch grid ({@link BlockMasking}), replace the masked patches by a
 * learned token ({@link MaskTokenInput}), run the whole ViT ({@link
 * VisionTransformer#forwardSequence}), drop the prefix tokens, and map every patch token with one
 * {@code Linear(D → K)} head initialised N(0, 0.02²) truncated, bias 0 (BEiT's {@code lm_head},
 * mmselfsup's MaskFeat neck). The methods differ only in the target (visual tokens vs HOG) and
 * the loss, which stay in their own classes.
 *
 * <p>{@link #trainable()} names its members {@code encoder}, {@code mask_token} and {@code head},
 * the checkpoint layout both methods had before sharing this class.
 */
public final class MaskedTokenPrediction {

    /**
     * One step's mask and per-patch predictions.
     *
     * @param mask the drawn mask ({@code floatMask()} {@code [B, L]}, 1 = masked)
     * @param prediction head outputs for every patch {@code [B, L, K]}
     */
    public record Output(PatchMask mask, NDArray prediction) {}

    private final VisionTransformer encoder;
    private final MaskTokenInput input;
    private final Linear head;
    private final BlockGroup trainable;
    private final BlockMaskGenerator masks;
    private final NDIndex patchRows;

    /**
     * Builds the network around the context's initialised ViT.
     *
     * @param context encoder (must be a {@link VisionTransformer}), manager
     * @param method the method's name, for error messages
     * @param outputDim K, the head's output width per patch
     * @param maskRatio the fraction of patches masked (BEiT, MaskFeat: 0.4)
     * @param minBlockPatches smallest mask block, or 0 for {@link BlockMasking}'s scaled default
     * @throws IllegalArgumentException for a non-ViT encoder
     */
    public MaskedTokenPrediction(
            MethodContext context, String method, int outputDim, double maskRatio, int minBlockPatches) {
        this.encoder = MaskTokenInput.requireVit(context.encoder(), method);
        int dim = encoder.embedDim();
        this.input = new MaskTokenInput(encoder);
        input.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 1, dim));
        this.head = Linear.builder().setUnits(outputDim).build();
        head.setInitializer(new TruncatedNormalInitializer(0.02f), Parameter.Type.WEIGHT);
        head.initialize(context.manager(), DataType.FLOAT32, new Shape(2, dim));
        Map<String, Block> members = new LinkedHashMap<>();
        members.put("encoder", encoder);
        members.put("mask_token", input);
        members.put("head", head);
        this.trainable = BlockGroup.of(members);
        this.masks = BlockMasking.generator(encoder.gridSize(), maskRatio, minBlockPatches);
        int prefix = encoder.prefixTokens();
        this.patchRows = new NDIndex().addAllDim().addSliceDim(prefix, prefix + encoder.numPatches());
    }

    /**
     * Returns the ViT being pretrained.
     *
     * @return the encoder
     */
    public VisionTransformer encoder() {
        return encoder;
    }

    /**
     * Returns encoder, mask token and head as one block group.
     *
     * @return the trainable networks
     */
    public BlockGroup trainable() {
        return trainable;
    }

    /**
     * Draws a block mask for the batch ({@code step.rng()}) and predicts every patch.
     *
     * @param images the view {@code [B, C, H, W]}, on the step's manager
     * @param step the training step (manager, rng, parameter store)
     * @return the mask and predictions {@code [B, L, K]}
     */
    public Output predict(NDArray images, TrainingStep step) {
        int batch = Math.toIntExact(images.getShape().get(0));
        PatchMask mask = masks.generate(step.manager(), batch, step.rng());
        ParameterStore ps = step.parameterStore();
        NDArray tokens = input.embed(ps, images, mask.floatMask(), true);
        NDArray patches = encoder.forwardSequence(ps, tokens, true).get(patchRows);
        return new Output(mask, head.forward(ps, new NDList(patches), true).singletonOrThrow());
    }
}
