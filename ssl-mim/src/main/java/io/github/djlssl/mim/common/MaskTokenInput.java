package io.github.djlssl.mim.common;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.PositionalEmbedding;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.tensor.PerDeviceArray;

/**
 * The corrupted encoder input shared by SimMIM, BEiT, MaskFeat and MAE's "encoder w/ [M]"
 * ablation: patch embeddings in which every masked patch is replaced by one learned {@code
 * mask_token} <b>before</b> the positional embedding is added, so a masked position still tells
 * the encoder where it is (SimMIM, Xie et al. 2022, §3.1, official {@code
 * VisionTransformerForSimMIM.forward}; BEiT, Bao et al. 2022, §2.3, {@code
 * VisionTransformerForMaskedImageModeling}; MaskFeat, Wei et al. 2022, §3; MAE, He et al. 2022,
 * Table 1c).
 *
 * <pre>
 *   w = mask[..., None];   x = embed(x) · (1 − w) + mask_token · w;   x = x + pos
 * </pre>
 *
 * computed from {@link VisionTransformer#patchEmbed} (which already adds {@code pos}) as {@code
 * tokens · (1 − w) + (mask_token + pos) · w}: one patch projection per step, and gradients reach
 * a learned {@code pos_embed} through both terms. The output {@code [B, L, D]} goes to {@link
 * VisionTransformer#forwardSequence}.
 *
 * <p>The mask token is truncated-normal with σ = 0.02 (BEiT/SimMIM {@code trunc_normal_(std=.02)};
 * DJL cuts at ±2σ). Its name {@code mask_token} keeps it out of weight decay.
 */
public final class MaskTokenInput extends AbstractBlock {

    private static final byte VERSION = 1;

    private final VisionTransformer vit;
    private final Parameter maskToken;
    private final Parameter learnedPositions;
    private final NDIndex patchRows;
    private final PerDeviceArray fixedPositions = new PerDeviceArray(this::fixedRows);

    /**
     * Returns the encoder as a ViT, or fails with a message naming the method and the encoder.
     *
     * @param encoder the context's encoder
     * @param method the method's name, for the message
     * @return the ViT
     * @throws IllegalArgumentException for any other encoder (e.g. a ResNet)
     */
    public static VisionTransformer requireVit(Encoder encoder, String method) {
        if (encoder instanceof VisionTransformer vit) {
            return vit;
        }
        throw new IllegalArgumentException(
                method + " masks patch tokens and needs a ViT encoder (e.g. --encoder vit-tiny"
                        + " --patch-size 4), got " + encoder.architecture());
    }

    /**
     * Creates the input stage for an encoder; initialise it with any shape (its one parameter is
     * {@code [1, 1, D]}).
     *
     * @param vit the encoder whose patch embedding and positions it uses (not a child: the
     *     encoder's parameters stay the encoder's)
     */
    public MaskTokenInput(VisionTransformer vit) {
        super(VERSION);
        this.vit = vit;
        maskToken =
                addParameter(
                        Parameter.builder()
                                .setName("mask_token")
                                .setType(Parameter.Type.OTHER)
                                .optShape(new Shape(1, 1, vit.embedDim()))
                                .optInitializer(new TruncatedNormalInitializer(0.02f))
                                .build());
        learnedPositions =
                vit.config().positionalEmbedding() == PositionalEmbedding.LEARNED
                        ? vit.getDirectParameters().get("pos_embed")
                        : null;
        int prefix = vit.prefixTokens();
        patchRows = new NDIndex().addAllDim().addSliceDim(prefix, prefix + vit.numPatches());
    }

    /**
     * Embeds images with masked patches replaced by the mask token.
     *
     * @param ps the caller's parameter store
     * @param images float images {@code [B, C, H, W]}
     * @param mask float {@code [B, L]}, 1 = masked
     * @param training training mode
     * @return patch tokens with positions {@code [B, L, D]}, on {@code images}' manager
     */
    public NDArray embed(ParameterStore ps, NDArray images, NDArray mask, boolean training) {
        NDManager caller = images.getManager();
        try (NDManager scope = caller.newSubManager()) {
            scope.tempAttachAll(images, mask);
            NDArray tokens = vit.patchEmbed(ps, images, training);
            Device device = tokens.getDevice();
            NDArray w = mask.expandDims(2);
            NDArray filler = ps.getValue(maskToken, device, training).add(patchPositions(ps, scope, device, training));
            filler.attach(scope); // derived from parameters: keep it out of the model's manager
            NDArray out = tokens.sub(tokens.mul(w)).add(filler.mul(w));
            out.attach(caller);
            return out;
        }
    }

    /** The encoder's patch positions {@code [1, L, D]}: the learned parameter or the fixed table. */
    private NDArray patchPositions(ParameterStore ps, NDManager scope, Device device, boolean training) {
        if (learnedPositions != null) {
            NDArray rows = ps.getValue(learnedPositions, device, training).get(patchRows);
            rows.attach(scope);
            return rows;
        }
        return fixedPositions.get(ps.getManager(), device);
    }

    /**
     * Copies the patch rows of the encoder's fixed sin-cos table, once per device. A copy, not a
     * slice: the table is created from a Java buffer that is freed when the table is closed, and
     * a slice would keep pointing into that freed memory.
     */
    private NDArray fixedRows(NDManager owner) {
        try (NDArray table = vit.fixedPositionalEmbedding(owner);
                NDArray rows = table.get(patchRows)) {
            NDArray copy = rows.duplicate(); // torch clone: owns its memory
            copy.attach(owner);
            return copy;
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(embed(ps, inputs.get(0), inputs.get(1), training));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), vit.numPatches(), vit.embedDim())};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        // no children: the one parameter has a fixed shape
    }
}
