package io.github.djlssl.jointembed.swav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import io.github.djlssl.core.augment.ViewSpec;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class SwavTest extends SslMethodContractTest<SwavConfig> {

    @Override
    protected SslMethodProvider<SwavConfig> provider() {
        return new SwavProvider();
    }

    /**
     * Small heads, 2 local crops, and a queue of one batch that starts at once (so checkpoints
     * carry it).
     */
    @Override
    protected SwavConfig tinyConfig() {
        return SwavConfig.defaults()
                .withNumPrototypes(16)
                .withProjection(8, 16)
                .withLocalCrops(2, 0)
                .withQueue(batchSize(), 0);
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of(
                "temperature",
                "0",
                "epsilon",
                "-1",
                "numPrototypes",
                "0",
                "sinkhornIterations",
                "0",
                "queueLength",
                "-1");
    }

    /** The prototypes are frozen during the first epoch (step 0 of the contract test). */
    @Override
    protected boolean mayLackGradientAtStepZero(String name) {
        return name.contains("prototypes");
    }

    @Test
    void defaultsAreThePapers() {
        SwavConfig c = SwavConfig.defaults();
        assertEquals(3000, c.numPrototypes());
        assertEquals(0.1, c.temperature());
        assertEquals(0.05, c.epsilon());
        assertEquals(3, c.sinkhornIterations());
        assertEquals(6, c.numLocalCrops());
        assertEquals(1, c.freezePrototypesEpochs());
        assertEquals(0, c.queueLength());
        assertFalse(c.projectionOutputBatchNorm());
    }

    @Test
    void scoreSpreadIsTheMeanPerCropStdAcrossPrototypes() {
        try (NDManager m = NDManager.newBaseManager()) {
            // row 1: scores 1, 2, 3 -> population std sqrt(2/3); row 2: all equal -> 0
            NDArray scores = m.create(new float[] {1, 2, 3, 5, 5, 5}, new Shape(2, 3));
            assertEquals(Math.sqrt(2.0 / 3) / 2, Swav.scoreSpread(scores).getFloat(), 1e-6);
        }
    }

    @Test
    void reportsThePrototypeScoreSpread() {
        try (MethodHarness<SwavConfig> h = harness(1);
                NDManager scope = h.manager().newSubManager()) {
            LossOutput out = h.forwardBackward(scope, h.batch(scope, batchSize(), 3), h.step(scope, 0, 10));
            // random unit prototypes and projections: clearly spread, far from the collapsed 0
            assertTrue(out.metrics().get("prototype_score_std").getFloat() > 0.01);
        }
    }

    @Test
    void projectionOutputBatchNormStandardisesEachDimension() {
        SwavConfig config = tinyConfig().withProjectionOutputBatchNorm(true);
        try (MethodHarness<SwavConfig> h = new MethodHarness<>(provider(), config, this::tinyEncoder, 1);
                NDManager scope = h.manager().newSubManager()) {
            Swav swav = (Swav) h.method();
            int dim = h.method().encoder().featureDim();
            NDArray features = scope.randomNormal(new Shape(batchSize(), dim)).add(3f); // a shared offset
            NDArray z = swav.projector().forward(h.store(), new NDList(features), true).singletonOrThrow();
            float[] mean = z.mean(new int[] {0}).toFloatArray();
            float[] var = z.sub(z.mean(new int[] {0}, true)).square().mean(new int[] {0}).toFloatArray();
            for (int d = 0; d < mean.length; d++) {
                // train-mode BN without γ, β: zero mean, biased variance 1 (up to BN's ε)
                assertEquals(0, mean[d], 1e-4, "mean of dimension " + d);
                assertEquals(1, var[d], 1e-2, "variance of dimension " + d);
            }
        }
    }

    @Test
    void multiCropViewsAreTwoGlobalThenSmallLocals() {
        try (MethodHarness<SwavConfig> h = harness(1)) {
            List<ViewSpec> v = h.method().views().views();
            assertEquals(4, v.size());
            assertEquals(16, v.get(0).size());
            assertEquals(16, v.get(1).size());
            assertEquals(7, v.get(2).size()); // round(16 · 96/224)
            assertEquals(2, h.method().views().groups().size());
        }
    }

    @Test
    void prototypesAreUnitRowsAfterEveryStep() {
        try (MethodHarness<SwavConfig> h = harness(2);
                OptimizerSteps steps = new OptimizerSteps(h, 1, 4)) {
            Swav swav = (Swav) h.method();
            assertRowsUnit(swav.prototypes().weight());
            steps.run(0, batchSize());
            steps.run(1, batchSize()); // epoch 1: prototypes train, then get re-normalised
            assertRowsUnit(swav.prototypes().weight());
        }
    }

    @Test
    void prototypesStayFixedDuringTheFirstEpochThenTrain() {
        SwavConfig noQueue = tinyConfig().withQueue(0, 0);
        try (MethodHarness<SwavConfig> h =
                        new MethodHarness<>(provider(), noQueue, this::tinyEncoder, 4);
                OptimizerSteps steps = new OptimizerSteps(h, 2, 6);
                NDManager keep = h.manager().newSubManager()) {
            Swav swav = (Swav) h.method();
            NDArray initial = copy(swav.prototypes().weight(), keep);
            Parameter conv = h.method().encoder().getParameters().get(0).getValue();
            NDArray convInitial = copy(conv.getArray(), keep);
            steps.run(0, batchSize());
            steps.run(1, batchSize());
            // momentum 0.9 and weight decay 0.1 would move a layer that only had a zero gradient
            assertEquals(
                    0, maxAbsDiff(initial, swav.prototypes().weight()), 1e-6, "frozen in epoch 0");
            assertTrue(
                    maxAbsDiff(convInitial, conv.getArray()) > 1e-4,
                    "the encoder trains meanwhile");
            steps.run(2, batchSize());
            assertTrue(
                    maxAbsDiff(initial, swav.prototypes().weight()) > 1e-4,
                    "prototypes train in epoch 1");
        }
    }

    @Test
    void queueFillsNewestFirstAndIsRestoredFromItsState() {
        try (MethodHarness<SwavConfig> h = harness(6);
                NDManager scope = h.manager().newSubManager()) {
            Swav swav = (Swav) h.method();
            FeatureQueue queue = swav.queue();
            assertEquals(0, queue.size());
            NDArray images = h.batch(scope, batchSize(), 3);
            TrainingStep ts = h.step(scope, 0, 10);
            h.forwardBackward(scope, images, ts);
            h.method().afterStep(ts);
            assertEquals(batchSize(), queue.size());
            assertTrue(queue.isFull());
            NDArray rows = queue.rows(0, scope);
            // queued rows are L2-normalised projections
            float[] norms = rows.square().sum(new int[] {1}).sqrt().toFloatArray();
            for (float n : norms) {
                assertEquals(1f, n, 1e-5f);
            }
            assertEquals(2, h.method().stateArrays().size());
            assertEquals("swav.queue", h.method().stateArrays().get(0).getName());
            // a forward pass without afterStep does not touch the queue
            NDArray before = copy(rows, scope);
            h.lossAt(images, 1);
            assertEquals(0, maxAbsDiff(before, queue.rows(0, scope)), 0);
        }
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        try (MethodHarness<SwavConfig> h = harness(8);
                OptimizerSteps steps = new OptimizerSteps(h, 1, 4)) {
            steps.run(0, batchSize());
            steps.run(1, batchSize());
            int after = h.manager().getManagedArrays().size();
            steps.run(2, batchSize());
            assertEquals(after, h.manager().getManagedArrays().size(), "arrays leaked by a step");
        }
    }

    private static NDArray copy(NDArray a, NDManager into) {
        NDArray c = a.duplicate();
        c.attach(into);
        return c;
    }

    private static float maxAbsDiff(NDArray a, NDArray b) {
        try (NDManager s = a.getManager().newSubManager()) {
            NDArray d = a.sub(b);
            d.attach(s);
            return d.abs().max().getFloat();
        }
    }

    private static void assertRowsUnit(NDArray w) {
        try (NDManager s = w.getManager().newSubManager()) {
            NDArray sq = w.square();
            sq.attach(s);
            for (float n : sq.sum(new int[] {1}).sqrt().toFloatArray()) {
                assertEquals(1f, n, 1e-5f);
            }
        }
    }
}
