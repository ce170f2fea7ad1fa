package io.github.djlssl.core.optim;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.github.djlssl.core.random.Rng;

/**
 * A tiny Linear-BatchNorm-ReLU-Linear model trained through a real DJL {@link Trainer} with the
 * per-step scoping of the library: inputs in a step sub-manager, optional global-norm clipping,
 * {@code trainer.step()} inside the step scope.
 */
final class TinyTraining implements AutoCloseable {

    static final Shape INPUT = new Shape(6, 4);

    final Model model;
    final SequentialBlock block;
    final Trainer trainer;
    final ScheduledOptimizer optimizer;
    private final double clip;

    /**
     * Builds and initialises the model and trainer.
     *
     * @param config the optimiser config
     * @param totalSteps the run length for the schedules
     */
    TinyTraining(OptimizerConfig config, long totalSteps) {
        block =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(8).build())
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu)
                        .add(Linear.builder().setUnits(3).build());
        model = Model.newInstance("tiny");
        model.setBlock(block);
        optimizer = config.build(block, totalSteps, 2);
        trainer =
                model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer));
        trainer.initialize(INPUT);
        clip = config.clipGradNorm();
    }

    /** One training step on the batch derived from {@code dataSeed}. */
    void step(long dataSeed) {
        try (NDManager step = trainer.getManager().newSubManager()) {
            NDArray x = step.create(values(dataSeed, (int) INPUT.size()), INPUT);
            NDArray y = step.create(values(dataSeed + 1000, 18), new Shape(6, 3));
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                gc.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(pred)));
            }
            if (clip > 0) {
                GradientClipping.clipGlobalNorm(block.getParameters(), clip, step);
            }
            trainer.step();
        }
    }

    /** Copies every parameter (weights and BN running statistics) into {@code into}. */
    NDList snapshot(NDManager into) {
        NDList out = new NDList();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray copy = p.getValue().getArray().duplicate();
            copy.attach(into);
            copy.setName(p.getKey());
            out.add(copy);
        }
        return out;
    }

    /** Writes a snapshot back into the parameters, in place. */
    void restore(NDList snapshot) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray src = snapshot.get(p.getKey());
            p.getValue().getArray().set(src.toByteBuffer());
        }
    }

    private static float[] values(long seed, int n) {
        Rng rng = Rng.of(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    @Override
    public void close() {
        trainer.close();
        optimizer.close();
        model.close();
    }
}
