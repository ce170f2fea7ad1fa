package io.github.djlssl.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.djlssl.core.augment.AugmentationPipeline;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.augment.RandomHorizontalFlip;
import io.github.djlssl.core.augment.RandomResizedCrop;
import io.github.djlssl.core.augment.ToFloat;
import io.github.djlssl.core.augment.ViewSpec;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import java.util.List;
import java.util.Map;

/**
 * A minimal method for trainer tests: two random crops, loss = mean squared distance between the
 * two views' features plus a term that keeps the feature variance near 1 (so it cannot collapse
 * to a constant). Optionally turns the loss into NaN from a given step on, or crashes (like a
 * killed process) at a given step.
 */
final class TinyMethod implements SslMethod {

    private final Encoder encoder;
    private final BlockGroup trainable;
    private final MultiView views;
    private final long nanFromStep;
    private final long crashAtStep;
    private final java.util.List<Long> residentMb = new java.util.ArrayList<>();
    private int probeEvery;

    TinyMethod(ai.djl.ndarray.NDManager manager, long nanFromStep) {
        this(manager, nanFromStep, Long.MAX_VALUE);
    }

    TinyMethod(ai.djl.ndarray.NDManager manager, long nanFromStep, long crashAtStep) {
        this.crashAtStep = crashAtStep;
        this.encoder = EncoderSpec.of("resnet18", 16, 1).withWidth(4).build();
        encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 16, 16));
        this.trainable = BlockGroup.of(Map.of("encoder", encoder));
        AugmentationPipeline aug =
                AugmentationPipeline.of(
                        ToFloat.create(),
                        RandomResizedCrop.of(16, 0.5, 1.0),
                        new RandomHorizontalFlip(0.5),
                        Normalize.fashionMnist());
        this.views = MultiView.of(new ViewSpec("a", 16, aug), new ViewSpec("b", 16, aug));
        this.nanFromStep = nanFromStep;
    }

    @Override
    public String id() {
        return "tiny";
    }

    @Override
    public MultiView views() {
        return views;
    }

    @Override
    public Block trainable() {
        return trainable;
    }

    @Override
    public Encoder encoder() {
        return encoder;
    }

    /**
     * Every {@code n} steps, after the optimiser: a full GC (so the Java heap cannot hide or fake
     * growth), then the resident size is recorded.
     */
    void probeResidentMemoryEvery(int n) {
        this.probeEvery = n;
    }

    java.util.List<Long> residentMb() {
        return residentMb;
    }

    @Override
    public void afterStep(TrainingStep step) {
        if (probeEvery > 0 && (step.globalStep() + 1) % probeEvery == 0) {
            System.gc();
            residentMb.add(ProcessMemory.residentBytes() / (1024 * 1024));
        }
    }

    @Override
    public LossOutput loss(List<NDArray> v, TrainingStep step) {
        if (step.globalStep() == crashAtStep) {
            throw new IllegalStateException("simulated crash at step " + crashAtStep);
        }
        NDArray f = encoder.features(step.parameterStore(), v.get(0).concat(v.get(1), 0), true);
        NDArray[] halves = f.split(2, 0).toArray(new NDArray[0]);
        NDArray align = halves[0].sub(halves[1]).square().mean();
        NDArray centred = f.sub(f.mean(new int[] {0}, true));
        NDArray variance = centred.square().mean(new int[] {0}).sub(1).square().mean();
        NDArray loss = align.add(variance);
        if (step.globalStep() >= nanFromStep) {
            loss = loss.mul(Float.NaN);
        }
        return LossOutput.of(loss).with("align", align);
    }
}
