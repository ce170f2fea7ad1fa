package io.github.djlssl.jointembed.swav;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.optim.OptimizerConfig;
import io.github.djlssl.core.optim.ScheduledOptimizer;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.train.DataParallelParameterServer;

/**
 * Runs whole training steps of a method in a {@link MethodHarness} the way {@code SslTrainer} does
 * — views, loss, backward, optimiser, {@code afterStep} — with a real optimiser that has momentum
 * and weight decay, so tests can see what the optimiser does to frozen layers.
 */
public final class OptimizerSteps implements AutoCloseable {

    private final MethodHarness<?> harness;
    private final ScheduledOptimizer optimizer;
    private final int stepsPerEpoch;
    private final long totalSteps;

    /**
     * Attaches an SGD optimiser (lr 0.5, momentum 0.9, weight decay 0.1) to the harness's store;
     * call before any forward pass.
     *
     * @param harness the method under test
     * @param stepsPerEpoch steps per epoch
     * @param totalSteps run length
     */
    public OptimizerSteps(MethodHarness<?> harness, int stepsPerEpoch, long totalSteps) {
        this.harness = harness;
        this.stepsPerEpoch = stepsPerEpoch;
        this.totalSteps = totalSteps;
        this.optimizer =
                OptimizerConfig.sgd(0.5, 0.9, 0.1)
                        .build(harness.method().parameterGroups(), totalSteps, stepsPerEpoch);
        harness.store()
                .setParameterServer(
                        new DataParallelParameterServer(optimizer),
                        new Device[] {harness.manager().getDevice()});
    }

    /**
     * Runs global step {@code step} on a fixed synthetic batch.
     *
     * @param step the 0-based global step
     * @param batchSize images
     */
    public void run(long step, int batchSize) {
        try (NDManager scope = harness.manager().newSubManager()) {
            NDArray images = harness.batch(scope, batchSize, 3 + step);
            TrainingStep ts =
                    new TrainingStep(
                            step,
                            (int) (step / stepsPerEpoch),
                            totalSteps,
                            stepsPerEpoch,
                            scope,
                            harness.store(),
                            Rng.derive(7, step));
            harness.forwardBackward(scope, images, ts);
            optimizer.setStep(step);
            harness.store().updateAllParameters();
            harness.method().afterStep(ts);
        }
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
