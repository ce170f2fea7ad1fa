package io.github.djlssl.mim.beit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.VisionTransformer;

/**
 * The corrupted input of BEiT (Bao et al. 2022, §2.3) and MaskFeat/SimMIM: patch embeddings
 * whose masked positions are replaced by one learned {@code [MASK]} embedding, <em>before</em> the
 * positional embedding is added — {@code x = patch_embed(img) · (1 − m) + mask_token · m +
 * pos_embed}, as in BEiT's {@code VisionTransformerForMaskedImageModeling} — so a masked token
 * still knows where it is. The result goes to {@link VisionTransformer#forwardSequence}.
 *
 * <p>{@link VisionTransformer#patchEmbed} already adds positions, so they are recovered exactly as
 * {@code patchEmbed(0) − proj(0)} on one zero image (the patch projection's bias cancels), which
 * works for the fixed sin-cos table and a learned {@code pos_embed} alike and lets gradients reach
 * the latter.
 *
 * <p>The token is initialised N(0, 0.02²) truncated at ±2σ (BEiT: {@code trunc_normal_(std=.02)}).
 */
public final class MaskTokenEmbedding extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int dim;
    private final Parameter maskToken;

    /**
     * Creates the block for tokens of width D.
     *
     * @param dim the ViT's embedding width
     */
    public MaskTokenEmbedding(int dim) {
        super(VERSION);
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        this.dim = dim;
        this.maskToken =
                addParameter(
                        Parameter.builder()
                                .setName("mask_token")
                                .setType(Parameter.Type.OTHER)
                                .optShape(new Shape(1, 1, dim))
                                .optInitializer(new TruncatedNormalInitializer(0.02f))
                                .build());
    }

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
     * Builds the transformer input with masked patches replaced.
     *
     * @param ps the caller's parameter store
     * @param vit the encoder
     * @param images float images {@code [B, C, H, W]}
     * @param floatMask {@code [B, L]}, 1 = masked
     * @param training training mode
     * @return tokens {@code [B, L, D]} with positions added, on the images' manager
     */
    public NDArray embed(
            ParameterStore ps,
            VisionTransformer vit,
            NDArray images,
            NDArray floatMask,
            boolean training) {
        Block proj = patchProjection(vit);
        Shape s = images.getShape();
        NDManager caller = images.getManager();
        try (NDManager sub = caller.newSubManager(images.getDevice())) {
            sub.tempAttachAll(images, floatMask);
            NDArray token = ps.getValue(maskToken, images.getDevice(), training);
            NDArray x = proj.forward(ps, new NDList(images), training).singletonOrThrow();
            NDArray m = floatMask.expandDims(2);
            // x (1 − m) + t m, written with a per-step array first so no result lands in the
            // parameter's long-lived manager.
            NDArray blended = x.sub(x.sub(token).mul(m));
            NDArray zero = sub.zeros(new Shape(1, s.get(1), s.get(2), s.get(3)));
            NDArray positions =
                    vit.patchEmbed(ps, zero, training)
                            .sub(proj.forward(ps, new NDList(zero), training).singletonOrThrow());
            NDArray out = blended.add(positions);
            out.attach(caller);
            return out;
        }
    }

    /** The ViT's patch projection without positions (its {@code patch_embed} child). */
    private static Block patchProjection(VisionTransformer vit) {
        for (Pair<String, Block> child : vit.getChildren()) {
            if (child.getKey().endsWith("patch_embed")) {
                return child.getValue();
            }
        }
        throw new IllegalStateException("VisionTransformer has no patch_embed child");
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException("call embed(ps, vit, images, mask, training)");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(1, 1, dim)};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children: the mask token is this block's only parameter
    }
}
