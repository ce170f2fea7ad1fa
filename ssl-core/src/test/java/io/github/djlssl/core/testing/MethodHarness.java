package io.github.djlssl.core.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.data.ImageBatch;
import io.github.djlssl.core.data.SyntheticImageSource;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.random.Rng;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds a method on a tiny encoder and runs single steps of it, the way the trainer does, for
 * contract and method tests. Owns one manager; close it after the test.
 *
 * @param <C> the method's config record
 */
public final class MethodHarness<C extends Record> implements AutoCloseable {

    private final NDManager manager;
    private final SslMethod method;
    private final ParameterStore store;

    /**
     * Creates the method with the engine seeded, so two harnesses with one seed start identical.
     *
     * @param provider the method's provider
     * @param config its config
     * @param encoder builds an uninitialised encoder for {@code [C, size, size]} images
     * @param seed engine and run seed
     */
    public MethodHarness(SslMethodProvider<C> provider, C config, Supplier<Encoder> encoder, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        this.manager = NDManager.newBaseManager();
        Encoder e = encoder.get();
        Shape in = e.inputShape();
        e.initialize(manager, DataType.FLOAT32, new Shape(2, in.get(0), in.get(1), in.get(2)));
        Normalize norm = in.get(0) == 3 ? Normalize.imagenet() : Normalize.fashionMnist();
        this.method = provider.create(config, new MethodContext(e, manager, norm, seed));
        this.store = new ParameterStore(manager, false);
    }

    /**
     * Returns the method under test.
     *
     * @return the method
     */
    public SslMethod method() {
        return method;
    }

    /**
     * Returns the harness's manager.
     *
     * @return the manager owning the method
     */
    public NDManager manager() {
        return manager;
    }

    /**
     * Returns the parameter store used for every forward pass.
     *
     * @return the store
     */
    public ParameterStore store() {
        return store;
    }

    /**
     * Returns a deterministic synthetic uint8 batch matching the encoder's input.
     *
     * @param scope owner of the batch
     * @param batchSize images
     * @param seed which images
     * @return uint8 {@code [B, C, H, W]}
     */
    public NDArray batch(NDManager scope, int batchSize, long seed) {
        Shape in = method.encoder().inputShape();
        SyntheticImageSource src =
                new SyntheticImageSource(batchSize, (int) in.get(0), (int) in.get(1), 4, seed);
        ImageBatch b = ImageBatch.readAll(src, scope);
        return b.images();
    }

    /**
     * Builds the step context of global step {@code step}.
     *
     * @param scope the step scope
     * @param step global step
     * @param totalSteps run length
     * @return the context
     */
    public TrainingStep step(NDManager scope, long step, long totalSteps) {
        return new TrainingStep(step, 0, totalSteps, (int) totalSteps, scope, store, Rng.derive(7, step));
    }

    /**
     * Runs views + loss + backward, as the trainer does, without an optimiser step.
     *
     * @param scope the step scope
     * @param images uint8 batch
     * @param step the step context
     * @return the loss output (arrays in {@code scope})
     */
    public LossOutput forwardBackward(NDManager scope, NDArray images, TrainingStep step) {
        List<NDArray> views = method.views().generate(images, step.rng().split());
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            LossOutput out = method.loss(views, step);
            gc.backward(out.loss());
            return out;
        }
    }

    /**
     * Returns the loss of one forward pass (no backward) at a step.
     *
     * @param images uint8 batch
     * @param step global step
     * @return the loss value
     */
    public float lossAt(NDArray images, long step) {
        try (NDManager scope = manager.newSubManager()) {
            TrainingStep ts = step(scope, step, 100);
            List<NDArray> views = method.views().generate(images, ts.rng().split());
            return method.loss(views, ts).loss().getFloat();
        }
    }

    @Override
    public void close() {
        method.close();
        manager.close();
    }
}
