package io.github.djlssl.core.eval;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.djlssl.core.encoder.Encoder;

/** A test encoder: flatten, Linear(D), optionally BatchNorm (whose batch statistics differ per batch). */
final class TinyEncoder extends AbstractBlock implements Encoder {

    private final SequentialBlock body;
    private final int dim;
    private final Shape inputShape;
    private final boolean batchNorm;

    TinyEncoder(int dim, Shape inputShape, boolean batchNorm) {
        this.dim = dim;
        this.inputShape = inputShape;
        this.batchNorm = batchNorm;
        SequentialBlock seq = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(dim).build());
        if (batchNorm) {
            seq.add(BatchNorm.builder().build());
        }
        body = addChildBlock("body", seq);
    }

    static TinyEncoder initialized(NDManager manager, int dim, Shape inputShape, boolean batchNorm) {
        TinyEncoder encoder = new TinyEncoder(dim, inputShape, batchNorm);
        encoder.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(inputShape));
        return encoder;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return body.forward(parameterStore, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return body.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
    }

    @Override
    public String architecture() {
        return batchNorm ? "tiny-bn" : "tiny";
    }

    @Override
    public int featureDim() {
        return dim;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Encoder freshCopy() {
        return new TinyEncoder(dim, inputShape, batchNorm);
    }
}
