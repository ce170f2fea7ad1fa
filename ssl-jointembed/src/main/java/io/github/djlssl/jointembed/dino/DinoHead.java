package io.github.djlssl.jointembed.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;

import io.github.djlssl.jointembed.swav.PrototypeLayer;

/**
 * DINO's projection head (Caron et al. 2021, §3.1 and {@code DINOHead} in the official code):
 * {@code [B, in] → [B, K]} as an MLP of {@code numLayers} Linears (hidden width 2048, GELU, no
 * BatchNorm by default) down to a 256-d bottleneck, L2 normalisation, and a weight-normalised
 * bias-free last layer onto K outputs ({@link PrototypeLayer}, {@code last_layer}).
 *
 * <p>The MLP's Linear weights start as truncated normals with σ = 0.02 and zero bias (the
 * reference's {@code _init_weights}); the last layer keeps PyTorch's Linear default. Children are
 * {@code mlp} and {@code last_layer}.
 */
public final class DinoHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SequentialBlock mlp;
    private final PrototypeLayer lastLayer;
    private final int outputDim;
    private final int bottleneckDim;

    /**
     * Creates the head; the input width is inferred at {@code initialize}.
     *
     * @param outputDim K (65536 in the paper)
     * @param hiddenDim hidden width (2048)
     * @param bottleneckDim width before the last layer (256)
     * @param numLayers Linears in the MLP, &ge; 1 (3)
     * @param batchNorm BatchNorm after each hidden Linear (off for ViTs; {@code use_bn_in_head})
     * @param normLastLayer fix the last layer's weight-norm gain at 1 ({@code norm_last_layer},
     *     default true); false makes the gain trainable
     */
    public DinoHead(
            int outputDim,
            int hiddenDim,
            int bottleneckDim,
            int numLayers,
            boolean batchNorm,
            boolean normLastLayer) {
        super(VERSION);
        if (numLayers < 1 || hiddenDim < 1 || bottleneckDim < 1) {
            throw new IllegalArgumentException(
                    "numLayers, hiddenDim and bottleneckDim must be >= 1, got "
                            + numLayers
                            + ", "
                            + hiddenDim
                            + ", "
                            + bottleneckDim);
        }
        this.outputDim = outputDim;
        this.bottleneckDim = bottleneckDim;
        SequentialBlock seq = new SequentialBlock();
        for (int i = 0; i < numLayers - 1; i++) {
            seq.add(Linear.builder().setUnits(hiddenDim).build());
            if (batchNorm) {
                seq.add(BatchNorm.builder().optAxis(1).optEpsilon(1e-5f).optMomentum(0.9f).build());
            }
            seq.add(Activation.geluBlock());
        }
        seq.add(Linear.builder().setUnits(bottleneckDim).build());
        seq.setInitializer(new TruncatedNormalInitializer(0.02f), Parameter.Type.WEIGHT);
        this.mlp = addChildBlock("mlp", seq);
        this.lastLayer =
                addChildBlock(
                        "last_layer",
                        new PrototypeLayer(
                                outputDim,
                                normLastLayer
                                        ? PrototypeLayer.Mode.NORMALIZED
                                        : PrototypeLayer.Mode.WEIGHT_NORM));
    }

    /**
     * Returns the weight-normalised last layer (frozen by DINO during the first epoch).
     *
     * @return {@code last_layer}
     */
    public PrototypeLayer lastLayer() {
        return lastLayer;
    }

    /**
     * Returns K.
     *
     * @return the output width
     */
    public int outputDim() {
        return outputDim;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = mlp.forward(ps, inputs, training).singletonOrThrow();
        return lastLayer.forward(ps, new NDList(x.normalize(2, 1, 1e-12)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputDim)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes[0].dimension() != 2) {
            throw new IllegalArgumentException(
                    "DinoHead expects [B, D] features, got " + inputShapes[0]);
        }
        mlp.initialize(manager, dataType, inputShapes);
        lastLayer.initialize(manager, dataType, new Shape(inputShapes[0].get(0), bottleneckDim));
    }
}
