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
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * One residual block of a {@link ResNet}, torchvision's {@code BasicBlock} or {@code Bottleneck}:
 * {@code relu(branch(x) + shortcut(x))}.
 *
 * <ul>
 *   <li>basic: conv1 3×3 (stride) → bn1 → relu → conv2 3×3 → bn2;
 *   <li>bottleneck: conv1 1×1 → bn1 → relu → conv2 3×3 (stride, torchvision v1.5) → bn2 → relu →
 *       conv3 1×1 (×4 channels) → bn3.
 * </ul>
 *
 * <p>The shortcut is the identity, or {@code downsample} = 1×1 conv (stride) → BN when the
 * resolution or the channel count changes. Children carry torchvision's names ({@code conv1},
 * {@code bn1}, …, {@code downsample.0/1}) so {@link TorchNames} maps them 1:1.
 */
final class ResidualBlock extends AbstractBlock {

    private final List<Block> convs = new ArrayList<>();
    private final List<Block> norms = new ArrayList<>();
    private final Block downsample;
    private final int outChannels;

    /**
     * Builds a block.
     *
     * @param bottleneck bottleneck (expansion 4) or basic (expansion 1)
     * @param inChannels channels of the block input
     * @param channels inner channels ("planes"); the output has {@code channels · expansion}
     * @param stride 1, or 2 for the first block of a downsampling stage
     * @param zeroInitLastNorm whether the last BN γ starts at 0 (block starts as the identity)
     */
    ResidualBlock(
            boolean bottleneck, int inChannels, int channels, int stride, boolean zeroInitLastNorm) {
        int expansion = bottleneck ? 4 : 1;
        outChannels = channels * expansion;
        if (bottleneck) {
            addLayer(1, ResNet.conv(channels, 1, 1, 0));
            addLayer(2, ResNet.conv(channels, 3, stride, 1));
            addLayer(3, ResNet.conv(outChannels, 1, 1, 0));
        } else {
            addLayer(1, ResNet.conv(channels, 3, stride, 1));
            addLayer(2, ResNet.conv(channels, 3, 1, 1));
        }
        if (zeroInitLastNorm) {
            norms.get(norms.size() - 1).setInitializer(Initializer.ZEROS, Parameter.Type.GAMMA);
        }
        if (stride != 1 || inChannels != outChannels) {
            downsample =
                    addChildBlock(
                            "downsample",
                            new SequentialBlock()
                                    .add(ResNet.conv(outChannels, 1, stride, 0))
                                    .add(ResNet.batchNorm()));
        } else {
            downsample = null;
        }
    }

    private void addLayer(int index, Conv2d conv) {
        convs.add(addChildBlock("conv" + index, conv));
        norms.add(addChildBlock("bn" + index, ResNet.batchNorm()));
    }

    /**
     * Returns the output channels.
     *
     * @return {@code channels · expansion}
     */
    int outChannels() {
        return outChannels;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        try (ForwardScope scope = new ForwardScope(x)) {
            NDList out = new NDList(x);
            int last = convs.size() - 1;
            for (int i = 0; i <= last; i++) {
                out = convs.get(i).forward(ps, out, training);
                out = norms.get(i).forward(ps, out, training);
                if (i < last) {
                    out = new NDList(Activation.relu(out.singletonOrThrow()));
                }
            }
            NDArray shortcut =
                    downsample == null
                            ? x
                            : downsample.forward(ps, new NDList(x), training).singletonOrThrow();
            // In place like torchvision's `out += identity`: BN's backward does not need its output.
            NDArray sum = out.singletonOrThrow().addi(shortcut);
            return new NDList(scope.keep(Activation.relu(sum)));
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block conv : convs) {
            shapes = conv.getOutputShapes(shapes);
        }
        return shapes;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape[] shapes = inputs;
        for (int i = 0; i < convs.size(); i++) {
            convs.get(i).initialize(manager, dataType, shapes);
            shapes = convs.get(i).getOutputShapes(shapes);
            norms.get(i).initialize(manager, dataType, shapes);
        }
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputs);
        }
    }
}
