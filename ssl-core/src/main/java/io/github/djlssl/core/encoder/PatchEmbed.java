package io.github.djlssl.core.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.djlssl.core.engine.OneDnnIsaGuard;

/**
 * Patch embedding, timm's {@code PatchEmbed}: a p×p stride-p conv {@code proj}, images {@code [B,
 * C, H, W]} → tokens {@code [B, L, D]} numbered row-major. The conv weight is Xavier-uniform as if
 * it were a Linear {@code [D, C·p·p]} (MAE), the bias zero.
 */
final class PatchEmbed extends AbstractBlock {

    /** MAE: {@code xavier_uniform_(w.view([w.shape[0], -1]))}: fan_in = C·p·p, fan_out = D. */
    private static final Initializer XAVIER_AS_LINEAR =
            (manager, shape, dataType) -> {
                long fanOut = shape.get(0);
                long fanIn = shape.size() / fanOut;
                float bound = (float) Math.sqrt(6.0 / (fanIn + fanOut));
                return manager.randomUniform(-bound, bound, shape, dataType, manager.getDevice());
            };

    private final Conv2d proj;
    private final int dim;

    /**
     * Builds the block.
     *
     * @param patchSize the patch side p
     * @param dim the token width D
     */
    PatchEmbed(int patchSize, int dim) {
        OneDnnIsaGuard.apply(); // before its first convolution runs
        this.dim = dim;
        proj =
                addChildBlock(
                        "proj",
                        Conv2d.builder()
                                .setKernelShape(new Shape(patchSize, patchSize))
                                .optStride(new Shape(patchSize, patchSize))
                                .setFilters(dim)
                                .build());
        proj.setInitializer(XAVIER_AS_LINEAR, Parameter.Type.WEIGHT);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = proj.forward(ps, inputs, training).singletonOrThrow(); // [B, D, g, g]
        long batch = x.getShape().get(0);
        return new NDList(x.reshape(batch, dim, -1).transpose(0, 2, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = proj.getOutputShapes(inputShapes)[0];
        return new Shape[] {new Shape(s.get(0), s.get(2) * s.get(3), dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        proj.initialize(manager, dataType, inputs);
    }
}
