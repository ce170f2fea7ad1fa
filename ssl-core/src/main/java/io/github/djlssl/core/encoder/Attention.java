package io.github.djlssl.core.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.djlssl.core.tensor.Scalars;

/**
 * Multi-head self-attention with one fused qkv projection, as timm's {@code Attention}: tokens
 * {@code [B, N, D]} → {@code [B, N, D]}.
 *
 * <p>{@code qkv = x·W_qkvᵀ + b} is one matmul to {@code [B, N, 3D]}, laid out {@code (3, H, D/H)}
 * like timm, so {@code attn.qkv.weight} loads unchanged; heads are batched with reshape/transpose
 * and {@code matMul} (DJL has no einsum): {@code softmax(q·kᵀ / √(D/H))·v}, then the output
 * projection {@code proj}. Weights are Xavier-uniform, biases zero (MAE's initialisation). No
 * dropout: SSL pretraining of ViTs uses none.
 */
public final class Attention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int dim;
    private final int numHeads;
    private final float scale;
    private final Linear qkv;
    private final Linear proj;

    /**
     * Builds the block.
     *
     * @param dim the token width D
     * @param numHeads the number of heads H, dividing D
     * @param qkvBias whether the qkv projection has a bias
     */
    public Attention(int dim, int numHeads, boolean qkvBias) {
        super(VERSION);
        if (dim % numHeads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not divisible by numHeads " + numHeads);
        }
        this.dim = dim;
        this.numHeads = numHeads;
        this.scale = (float) (1.0 / Math.sqrt(dim / (double) numHeads));
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).optBias(qkvBias).build());
        proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
        setInitializer(TransformerBlock.XAVIER_UNIFORM, Parameter.Type.WEIGHT);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        NDArray fused = qkv.forward(ps, inputs, training).singletonOrThrow();
        // [B, N, 3, H, hd] → [3, B, H, N, hd]
        NDList qkvParts =
                fused.reshape(batch, tokens, 3, numHeads, dim / numHeads)
                        .transpose(2, 0, 3, 1, 4)
                        .split(3, 0);
        NDArray q = Scalars.mul(qkvParts.get(0).squeeze(0), scale);
        NDArray k = qkvParts.get(1).squeeze(0);
        NDArray v = qkvParts.get(2).squeeze(0);
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1); // [B, H, N, N]
        NDArray out = attn.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, dim);
        return proj.forward(ps, new NDList(out), training);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        qkv.initialize(manager, dataType, inputs);
        proj.initialize(manager, dataType, inputs);
    }
}
