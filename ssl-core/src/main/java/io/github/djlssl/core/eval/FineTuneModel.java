package io.github.djlssl.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.TorchNames;
import io.github.djlssl.core.random.Rng;
import java.util.Map;

/**
 * The network fine-tuning trains: a copy of the pretrained encoder followed by a linear head,
 * {@code logits = W f(x) + b} with {@code f(x) [B, D]}, {@code W [classes, D]}. The copy has its own
 * parameters (loaded from the pretrained encoder, running statistics included), so training it
 * leaves the caller's encoder untouched.
 */
final class FineTuneModel {

    /** MAE's fine-tuning head initialisation ({@code trunc_normal_(head.weight, std=2e-5)}). */
    static final double HEAD_INIT_STD = 2e-5;

    private static final NDIndex ALL = new NDIndex("...");

    private final SequentialBlock block;
    private final Encoder encoder;
    private final Linear head;

    private FineTuneModel(SequentialBlock block, Encoder encoder, Linear head) {
        this.block = block;
        this.encoder = encoder;
        this.head = head;
    }

    /**
     * Builds the copy and the head in {@code manager} and loads the pretrained weights.
     *
     * @param pretrained an initialised encoder (only read)
     * @param numClasses head width
     * @param manager owner of every parameter (its device is where they live)
     * @param rng draws the head's initial weights
     * @return the model, in training mode on the first forward
     */
    static FineTuneModel create(Encoder pretrained, int numClasses, NDManager manager, Rng rng) {
        if (!pretrained.isInitialized()) {
            throw new IllegalStateException("encoder " + pretrained.architecture() + " must be initialised");
        }
        Encoder copy = pretrained.freshCopy();
        Linear head = Linear.builder().setUnits(numClasses).build();
        SequentialBlock block = new SequentialBlock().add(copy).add(head);
        block.initialize(manager, DataType.FLOAT32, new Shape(2).addAll(pretrained.inputShape()));
        copyParameters(pretrained.getParameters(), copy.getParameters());
        NDArray weight = head.getParameters().get("weight").getArray();
        float[] init = new float[Math.toIntExact(weight.size())];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) (rng.nextGaussian() * HEAD_INIT_STD);
        }
        try (NDArray values = manager.create(init, weight.getShape())) {
            weight.set(ALL, values);
        }
        head.getParameters().get("bias").getArray().set(ALL, 0f);
        return new FineTuneModel(block, copy, head);
    }

    private static void copyParameters(PairList<String, Parameter> from, PairList<String, Parameter> to) {
        if (from.size() != to.size()) {
            throw new IllegalStateException(
                    "freshCopy() has " + to.size() + " parameters, the encoder " + from.size());
        }
        for (int i = 0; i < from.size(); i++) {
            Pair<String, Parameter> src = from.get(i);
            Pair<String, Parameter> dst = to.get(i);
            if (!src.getKey().equals(dst.getKey())) {
                throw new IllegalStateException(
                        "freshCopy() names parameter " + i + " " + dst.getKey() + ", not " + src.getKey());
            }
            NDArray target = dst.getValue().getArray();
            try (NDArray moved = src.getValue().getArray().toDevice(target.getDevice(), true)) {
                moved.copyTo(target);
            }
        }
    }

    /** Returns the encoder followed by the head (what the optimiser trains). */
    SequentialBlock block() {
        return block;
    }

    /** Returns the trained copy of the encoder. */
    Encoder encoder() {
        return encoder;
    }

    /** Returns the head. */
    Linear head() {
        return head;
    }

    /**
     * Returns each encoder parameter's layer-wise learning-rate scale (empty for non-ViTs).
     *
     * @param decay the decay per layer
     * @return DJL name (in {@link #block()}) → scale
     */
    Map<String, Double> layerScales(double decay) {
        return LayerDecay.scales(TorchNames.of(block), "0.", decay);
    }

    /**
     * Computes class logits.
     *
     * @param store the parameter store
     * @param images normalised float images {@code [B, C, H, W]}
     * @param training BatchNorm on batch statistics (and updating running ones) when true
     * @return logits {@code [B, classes]}
     */
    NDArray logits(ParameterStore store, NDArray images, boolean training) {
        return block.forward(store, new NDList(images), training).singletonOrThrow();
    }
}
