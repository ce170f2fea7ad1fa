package io.github.djlssl.core.head;

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
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * An MLP head on pooled features {@code [B, in] → [B, outputDim]}: {@code numLayers − 1} hidden
 * layers {@code Linear → [BN] → ReLU}, then a last {@code Linear → [BN]}. The input width is
 * inferred at {@code initialize}.
 *
 * <p>Recipes from the papers:
 *
 * <table>
 *   <caption>projection heads</caption>
 *   <tr><th>method</th><th>builder</th></tr>
 *   <tr><td>SimCLR v1</td><td>{@code setOutputDim(128).optHiddenDim(2048).optBatchNorm(false)}</td></tr>
 *   <tr><td>SimCLR v2</td><td>{@code setOutputDim(128).optHiddenDim(2048).optNumLayers(3)}</td></tr>
 *   <tr><td>BYOL</td><td>{@code setOutputDim(256).optHiddenDim(4096)}</td></tr>
 *   <tr><td>Barlow Twins</td><td>{@code setOutputDim(8192).optHiddenDim(8192).optNumLayers(3).optHiddenBias(false).optLastBias(false)}</td></tr>
 *   <tr><td>VICReg</td><td>{@code setOutputDim(8192).optHiddenDim(8192).optNumLayers(3).optLastBias(false)}</td></tr>
 *   <tr><td>MoCo v3</td><td>{@code setOutputDim(256).optHiddenDim(4096).optNumLayers(3).optHiddenBias(false).optLastBias(false).optLastBatchNorm(true).optLastBatchNormAffine(false)}</td></tr>
 * </table>
 *
 * <p>Children are one {@code SequentialBlock} {@code layers} (Linear, BN, ReLU, … in order), so
 * PyTorch keys read {@code layers.0.weight, layers.1.running_mean, layers.3.weight} as in lightly.
 * Linear weights start as PyTorch's default {@code U(±1/√fan_in)} (what the reference
 * implementations use), biases at zero; BN γ = 1, β = 0, momentum 0.1 in PyTorch's convention.
 */
public final class ProjectionHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SequentialBlock layers;
    private final int outputDim;
    private final int hiddenDim;
    private final int numLayers;
    private final boolean batchNorm;
    private final boolean lastBatchNorm;

    private ProjectionHead(Builder b) {
        super(VERSION);
        this.outputDim = b.outputDim;
        this.hiddenDim = b.hiddenDim;
        this.numLayers = b.numLayers;
        this.batchNorm = b.batchNorm;
        this.lastBatchNorm = b.lastBatchNorm;
        SequentialBlock seq = new SequentialBlock();
        for (int i = 0; i < numLayers - 1; i++) {
            seq.add(Linear.builder().setUnits(hiddenDim).optBias(b.hiddenBias).build());
            if (batchNorm) {
                seq.add(batchNorm(true));
            }
            seq.add(Activation.reluBlock());
        }
        seq.add(Linear.builder().setUnits(outputDim).optBias(b.lastBias).build());
        if (lastBatchNorm) {
            seq.add(batchNorm(b.lastBatchNormAffine));
        }
        layers = addChildBlock("layers", seq);
        // PyTorch's nn.Linear default: kaiming_uniform_(a=√5) = U(±√(1 / fan_in)).
        setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1),
                Parameter.Type.WEIGHT);
    }

    /**
     * BatchNorm over the feature axis of {@code [B, D]}. DJL's momentum is the MXNet convention:
     * 0.9 here is PyTorch's {@code momentum=0.1}.
     */
    private static BatchNorm batchNorm(boolean affine) {
        return BatchNorm.builder()
                .optAxis(1)
                .optEpsilon(1e-5f)
                .optMomentum(0.9f)
                .optCenter(affine)
                .optScale(affine)
                .build();
    }

    /**
     * Creates a builder.
     *
     * @return a builder with hidden width 2048, 2 layers, BN on hidden layers, no last BN
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the output width.
     *
     * @return outputDim
     */
    public int outputDim() {
        return outputDim;
    }

    /**
     * Returns the hidden width.
     *
     * @return hiddenDim
     */
    public int hiddenDim() {
        return hiddenDim;
    }

    /**
     * Returns the number of Linear layers.
     *
     * @return numLayers
     */
    public int numLayers() {
        return numLayers;
    }

    /**
     * Returns whether hidden layers use BatchNorm.
     *
     * @return the flag
     */
    public boolean batchNorm() {
        return batchNorm;
    }

    /**
     * Returns whether the last layer is followed by BatchNorm.
     *
     * @return the flag
     */
    public boolean lastBatchNorm() {
        return lastBatchNorm;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return layers.forward(ps, inputs, training);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputDim)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        if (inputs[0].dimension() != 2) {
            throw new IllegalArgumentException("ProjectionHead expects [B, D] features, got " + inputs[0]);
        }
        layers.initialize(manager, dataType, inputs);
    }

    /** A DJL-style builder; only {@link #setOutputDim} is required. */
    public static final class Builder {

        private int outputDim;
        private int hiddenDim = 2048;
        private int numLayers = 2;
        private boolean batchNorm = true;
        private boolean lastBatchNorm;
        private boolean lastBatchNormAffine = true;
        private boolean hiddenBias = true;
        private boolean lastBias = true;

        Builder() {}

        /**
         * Sets the output width (required).
         *
         * @param dim e.g. 128 (SimCLR), 256 (BYOL, MoCo v3), 8192 (Barlow Twins)
         * @return this builder
         */
        public Builder setOutputDim(int dim) {
            this.outputDim = dim;
            return this;
        }

        /**
         * Sets the hidden width (default 2048).
         *
         * @param dim the width of every hidden layer
         * @return this builder
         */
        public Builder optHiddenDim(int dim) {
            this.hiddenDim = dim;
            return this;
        }

        /**
         * Sets the number of Linear layers (default 2; 1 is a single Linear).
         *
         * @param layers at least 1
         * @return this builder
         */
        public Builder optNumLayers(int layers) {
            this.numLayers = layers;
            return this;
        }

        /**
         * Sets whether hidden layers use BatchNorm (default true).
         *
         * @param enabled the flag
         * @return this builder
         */
        public Builder optBatchNorm(boolean enabled) {
            this.batchNorm = enabled;
            return this;
        }

        /**
         * Sets whether the last Linear is followed by BatchNorm (default false; MoCo v3, SimCLR v2).
         *
         * @param enabled the flag
         * @return this builder
         */
        public Builder optLastBatchNorm(boolean enabled) {
            this.lastBatchNorm = enabled;
            return this;
        }

        /**
         * Sets whether the last BatchNorm has a trainable γ and β (default true; MoCo v3: false).
         *
         * @param affine the flag
         * @return this builder
         */
        public Builder optLastBatchNormAffine(boolean affine) {
            this.lastBatchNormAffine = affine;
            return this;
        }

        /**
         * Sets whether hidden Linears have a bias (default true; redundant before BN, MoCo v3 and
         * Barlow Twins drop it).
         *
         * @param enabled the flag
         * @return this builder
         */
        public Builder optHiddenBias(boolean enabled) {
            this.hiddenBias = enabled;
            return this;
        }

        /**
         * Sets whether the last Linear has a bias (default true).
         *
         * @param enabled the flag
         * @return this builder
         */
        public Builder optLastBias(boolean enabled) {
            this.lastBias = enabled;
            return this;
        }

        /**
         * Builds the head.
         *
         * @return an uninitialised head
         * @throws IllegalArgumentException if the output width is missing or a size is invalid
         */
        public ProjectionHead build() {
            if (outputDim <= 0) {
                throw new IllegalArgumentException("Must set outputDim");
            }
            if (numLayers < 1) {
                throw new IllegalArgumentException("numLayers must be >= 1, got " + numLayers);
            }
            if (numLayers > 1 && hiddenDim < 1) {
                throw new IllegalArgumentException("hiddenDim must be >= 1, got " + hiddenDim);
            }
            return new ProjectionHead(this);
        }
    }
}
