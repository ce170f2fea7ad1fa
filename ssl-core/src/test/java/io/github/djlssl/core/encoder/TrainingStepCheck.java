package io.github.djlssl.core.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: one real DJL training step (Model + Trainer + GradientCollector + SGD) on a block,
 * checking that every trainable parameter gets a non-zero gradient and that the step lowers the
 * loss; and a check that forwards leak nothing into the parameters' manager.
 */
public final class TrainingStepCheck {

    private TrainingStepCheck() {}

    /**
     * Runs one SGD step on {@code mean((f(x) − t)²)} for fixed random x, t.
     *
     * @param block the block under test (uninitialised)
     * @param inputShape {@code [B, …]} of the input
     * @return the names of the trainable parameters that were checked
     */
    public static List<String> assertStepReachesEveryParameter(Block block, Shape inputShape) {
        Engine.getInstance().setRandomSeed(1234);
        List<String> checked = new ArrayList<>();
        try (Model model = Model.newInstance("check")) {
            model.setBlock(block);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss())
                            .optOptimizer(
                                    Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                NDManager m = trainer.getManager();
                NDArray x = m.randomNormal(inputShape);
                Shape outShape = block.getOutputShapes(new Shape[] {inputShape})[0];
                NDArray target = m.randomNormal(outShape);
                float before;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray loss = loss(trainer, x, target);
                    before = loss.getFloat();
                    gc.backward(loss);
                }
                for (Pair<String, Parameter> p : block.getParameters()) {
                    Parameter param = p.getValue();
                    if (!param.requiresGradient()) {
                        continue;
                    }
                    NDArray grad = param.getArray().getGradient();
                    float norm = grad.abs().sum().getFloat();
                    assertTrue(norm > 0 && Float.isFinite(norm),
                            "no gradient reached " + p.getKey() + " (|g|₁ = " + norm + ")");
                    checked.add(p.getKey());
                }
                trainer.step();
                float after;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    after = loss(trainer, x, target).getFloat();
                }
                assertTrue(after < before, "one SGD step should lower the loss: " + before + " → " + after);
            }
        }
        assertFalse(checked.isEmpty());
        return checked;
    }

    private static NDArray loss(Trainer trainer, NDArray x, NDArray target) {
        NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
        return out.sub(target).square().mean();
    }

    /**
     * Asserts that training forwards + backward leave no arrays behind in the parameters' manager.
     *
     * @param block the block under test (uninitialised)
     * @param inputShape the input shape
     */
    public static void assertForwardLeaksNothing(Block block, Shape inputShape) {
        try (NDManager base = NDManager.newBaseManager()) {
            NDManager params = base.newSubManager();
            block.initialize(params, ai.djl.ndarray.types.DataType.FLOAT32, inputShape);
            ParameterStore ps = new ParameterStore(params, false);
            int[] counts = new int[3];
            for (int i = 0; i < counts.length; i++) {
                try (NDManager step = base.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray x = step.randomNormal(inputShape);
                    NDArray out = block.forward(ps, new NDList(x), true).singletonOrThrow();
                    gc.backward(out.square().mean());
                    assertEquals(step, out.getManager(), "output must belong to the input's manager");
                }
                counts[i] = params.getManagedArrays().size();
            }
            assertEquals(counts[0], counts[1], "arrays leaked into the parameter manager");
            assertEquals(counts[1], counts[2], "arrays leaked into the parameter manager");
        }
    }
}
