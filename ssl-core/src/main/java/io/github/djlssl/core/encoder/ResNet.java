package io.github.djlssl.core.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.github.djlssl.core.engine.OneDnnIsaGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A torchvision-shaped ResNet backbone without the classifier: images {@code [B, C, H, W]} →
 * global-average-pooled features {@code [B, 8 · width · expansion]} (512 for ResNet-18, 2048 for
 * ResNet-50). He et al., "Deep Residual Learning for Image Recognition", CVPR 2016.
 *
 * <p>Layout and names follow torchvision ({@code conv1, bn1, layer1 … layer4}, blocks with {@code
 * conv1, bn1, conv2, bn2[, conv3, bn3], downsample}), so {@link #torchNames()} maps every DJL
 * parameter to its {@code state_dict} key. With the {@linkplain ResNetConfig.Stem#SMALL_IMAGE
 * small-image stem} (chosen automatically for images ≤ 64 px) the first conv is 3×3 stride 1 and
 * the max-pool is dropped, as in SimCLR's CIFAR variant; the keys stay the same, only {@code
 * conv1.weight}'s shape changes.
 *
 * <p>Initialisation as torchvision: Kaiming-normal (fan-out, ReLU gain) for convs, BN γ = 1, β = 0
 * (γ = 0 on the last BN of each branch with {@link ResNetConfig#zeroInitResidual()}).
 */
public final class ResNet extends AbstractBlock implements Encoder {

    private static final byte VERSION = 1;

    private final ResNetConfig config;
    private final Block conv1;
    private final Block bn1;
    private final List<Block> stages = new ArrayList<>();

    /**
     * Builds an uninitialised ResNet.
     *
     * @param config the architecture
     */
    public ResNet(ResNetConfig config) {
        super(VERSION);
        OneDnnIsaGuard.apply(); // before its first convolution runs
        this.config = config;
        boolean small = config.usesSmallImageStem();
        Conv2d stem = small ? conv(config.width(), 3, 1, 1) : conv(config.width(), 7, 2, 3);
        conv1 = addChildBlock("conv1", stem);
        bn1 = addChildBlock("bn1", batchNorm());
        int inChannels = config.width();
        for (int s = 0; s < 4; s++) {
            int channels = config.width() << s;
            SequentialBlock stage = new SequentialBlock();
            for (int b = 0; b < config.blocksPerStage().get(s); b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                ResidualBlock block =
                        new ResidualBlock(
                                config.bottleneck(), inChannels, channels, stride,
                                config.zeroInitResidual());
                stage.add(block);
                inChannels = block.outChannels();
            }
            stages.add(addChildBlock("layer" + (s + 1), stage));
        }
        // torchvision: kaiming_normal_(mode="fan_out", nonlinearity="relu"), i.e. std = sqrt(2 / fan_out).
        setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2),
                Parameter.Type.WEIGHT);
    }

    /**
     * Builds an uninitialised ResNet.
     *
     * @param config the architecture
     * @return the encoder
     */
    public static ResNet of(ResNetConfig config) {
        return new ResNet(config);
    }

    /** Bias-free conv, as every conv in torchvision's ResNet. */
    static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .build();
    }

    /**
     * BatchNorm over the channel axis with PyTorch's defaults. DJL's momentum is the MXNet
     * convention (weight of the old running value): 0.9 here is {@code momentum=0.1} in PyTorch.
     */
    static BatchNorm batchNorm() {
        return BatchNorm.builder().optAxis(1).optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    /**
     * Returns the configuration this network was built from.
     *
     * @return the config
     */
    public ResNetConfig config() {
        return config;
    }

    /** {@inheritDoc} */
    @Override
    public String architecture() {
        return config.architecture();
    }

    /** {@inheritDoc} */
    @Override
    public int featureDim() {
        return config.featureDim();
    }

    /** {@inheritDoc} */
    @Override
    public Shape inputShape() {
        return new Shape(config.inputChannels(), config.imageSize(), config.imageSize());
    }

    /** {@inheritDoc} */
    @Override
    public ResNet freshCopy() {
        return new ResNet(config);
    }

    /**
     * Maps every DJL parameter name of this network to its torchvision {@code state_dict} key,
     * e.g. {@code 03layer1_01ResidualBlock_01conv1_weight → layer1.0.conv1.weight} and {@code
     * 02bn1_runningMean → bn1.running_mean}. An exporter adds {@code <bn>.num_batches_tracked}
     * (int64 0) for each BN; there is no {@code fc}.
     *
     * @return an insertion-ordered map in torchvision's key order
     */
    public Map<String, String> torchNames() {
        return TorchNames.of(this);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(1) != config.inputChannels()) {
            throw new IllegalArgumentException(
                    "ResNet expects images [B, " + config.inputChannels() + ", H, W], got " + shape);
        }
        try (ForwardScope scope = new ForwardScope(images)) {
            NDList x = bn1.forward(ps, conv1.forward(ps, inputs, training), training);
            NDArray h = Activation.relu(x.singletonOrThrow());
            if (!config.usesSmallImageStem()) {
                h = Pool.maxPool2d(h, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
            }
            x = new NDList(h);
            for (Block stage : stages) {
                x = stage.forward(ps, x, training);
            }
            return new NDList(scope.keep(Pool.globalAvgPool2d(x.singletonOrThrow())));
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.featureDim())};
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        Shape in = inputShapes[0];
        if (in.dimension() != 4 || in.get(1) != config.inputChannels()) {
            throw new IllegalArgumentException(
                    "ResNet expects input shape [B, " + config.inputChannels() + ", H, W], got " + in);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        conv1.initialize(manager, dataType, inputs);
        Shape[] shapes = conv1.getOutputShapes(inputs);
        bn1.initialize(manager, dataType, shapes);
        if (!config.usesSmallImageStem()) {
            Shape s = shapes[0]; // 3×3 stride-2 pad-1 max-pool: ⌊(H − 1) / 2⌋ + 1
            long h = (s.get(2) - 1) / 2 + 1;
            long w = (s.get(3) - 1) / 2 + 1;
            shapes = new Shape[] {new Shape(s.get(0), s.get(1), h, w)};
        }
        for (Block stage : stages) {
            stage.initialize(manager, dataType, shapes);
            shapes = stage.getOutputShapes(shapes);
        }
    }
}
