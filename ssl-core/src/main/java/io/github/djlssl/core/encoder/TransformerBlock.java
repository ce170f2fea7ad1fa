package io.github.djlssl.core.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * A pre-norm transformer block, timm's {@code Block}: {@code x = x + attn(norm1(x)); x = x +
 * mlp(norm2(x))} on tokens {@code [B, N, D]} for any N (so masked encoders and MAE/I-JEPA
 * decoders/predictors reuse it). Children {@code norm1, attn, norm2, mlp} map 1:1 to timm keys.
 *
 * <p>DJL's own {@code TransformerEncoderBlock} is not usable here: it is post-norm, uses BatchNorm
 * and adds the wrong tensor in its second residual.
 */
public final class TransformerBlock extends AbstractBlock {

    /** Xavier-uniform, {@code U(±√(6 / (fan_in + fan_out)))}: MAE's init for every Linear. */
    static final Initializer XAVIER_UNIFORM =
            new XavierInitializer(
                    XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);

    private static final byte VERSION = 1;

    private final LayerNorm norm1;
    private final Attention attn;
    private final LayerNorm norm2;
    private final Mlp mlp;

    /**
     * Builds the block.
     *
     * @param dim the token width D
     * @param numHeads attention heads, dividing D
     * @param mlpHiddenDim the MLP hidden width (4·D in a ViT)
     * @param qkvBias whether the qkv projection has a bias
     * @param layerNormEps ε of both LayerNorms (1e-6 in timm/MAE)
     */
    public TransformerBlock(int dim, int numHeads, int mlpHiddenDim, boolean qkvBias, float layerNormEps) {
        super(VERSION);
        norm1 = addChildBlock("norm1", layerNorm(layerNormEps));
        attn = addChildBlock("attn", new Attention(dim, numHeads, qkvBias));
        norm2 = addChildBlock("norm2", layerNorm(layerNormEps));
        mlp = addChildBlock("mlp", new Mlp(dim, mlpHiddenDim));
    }

    /**
     * Returns a LayerNorm over the last axis of {@code [B, N, D]} tokens. DJL's axis only sizes γ
     * and β (it crashes on negative axes); torch normalises the trailing D either way.
     */
    static LayerNorm layerNorm(float eps) {
        return LayerNorm.builder().axis(2).optEpsilon(eps).build();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        try (ForwardScope scope = new ForwardScope(x)) {
            NDList a = attn.forward(ps, norm1.forward(ps, inputs, training), training);
            NDArray h = x.add(a.singletonOrThrow());
            NDList m = mlp.forward(ps, norm2.forward(ps, new NDList(h), training), training);
            return new NDList(scope.keep(h.add(m.singletonOrThrow())));
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        norm1.initialize(manager, dataType, inputs);
        attn.initialize(manager, dataType, inputs);
        norm2.initialize(manager, dataType, inputs);
        mlp.initialize(manager, dataType, inputs);
    }
}
