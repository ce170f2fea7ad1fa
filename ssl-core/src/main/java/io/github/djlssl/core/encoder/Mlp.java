package io.github.djlssl.core.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The transformer MLP, timm's {@code Mlp}: {@code fc2(GELU(fc1(x)))} on the last axis, {@code [B,
 * N, D] → [B, N, D]}, with the exact (erf) GELU. Weights Xavier-uniform, biases zero.
 */
public final class Mlp extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Linear fc1;
    private final Linear fc2;

    /**
     * Builds the block.
     *
     * @param dim the input and output width D
     * @param hiddenDim the hidden width (4·D in a ViT)
     */
    public Mlp(int dim, int hiddenDim) {
        super(VERSION);
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(hiddenDim).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(dim).build());
        setInitializer(TransformerBlock.XAVIER_UNIFORM, Parameter.Type.WEIGHT);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList hidden = fc1.forward(ps, inputs, training);
        return fc2.forward(ps, new NDList(Activation.gelu(hidden.singletonOrThrow())), training);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return fc2.getOutputShapes(fc1.getOutputShapes(inputShapes));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        fc1.initialize(manager, dataType, inputs);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(inputs));
    }
}
