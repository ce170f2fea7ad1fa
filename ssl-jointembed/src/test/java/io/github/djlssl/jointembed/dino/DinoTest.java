package io.github.djlssl.jointembed.dino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import io.github.djlssl.jointembed.swav.OptimizerSteps;

import org.junit.jupiter.api.Test;

import java.util.Map;

class DinoTest extends SslMethodContractTest<DinoConfig> {

    @Override
    protected SslMethodProvider<DinoConfig> provider() {
        return new DinoProvider();
    }

    @Override
    protected DinoConfig tinyConfig() {
        return DinoConfig.defaults().withHead(32, 16, 8).withLocalCrops(2, 0);
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of(
                "studentTemperature",
                "0",
                "centerMomentum",
                "1.5",
                "outputDim",
                "0",
                "teacherMomentum",
                "-0.1",
                "headLayers",
                "0");
    }

    /** The last layer is frozen during the first epoch (step 0 of the contract test). */
    @Override
    protected boolean mayLackGradientAtStepZero(String name) {
        return name.contains("last_layer");
    }

    @Test
    void defaultsAreThePapers() {
        DinoConfig c = DinoConfig.defaults();
        assertEquals(65536, c.outputDim());
        assertEquals(256, c.bottleneckDim());
        assertEquals(0.1, c.studentTemperature());
        assertEquals(0.04, c.warmupTeacherTemperature());
        assertEquals(0.07, c.teacherTemperature());
        assertEquals(30, c.teacherTemperatureWarmupEpochs());
        assertEquals(0.9, c.centerMomentum());
        assertEquals(0.996, c.teacherMomentum());
        assertTrue(c.normLastLayer());
    }

    @Test
    void teacherTemperatureWarmsUpLinearlyOverEpochs() {
        try (MethodHarness<DinoConfig> h = harness(1)) {
            Dino dino = (Dino) h.method();
            // 30 warm-up epochs of 10 steps: 300 points from 0.04 to 0.07
            assertEquals(0.04, dino.teacherTemperatureAt(at(0, 10, 1000)), 1e-12);
            assertEquals(
                    0.04 + 0.03 * 150 / 299, dino.teacherTemperatureAt(at(150, 10, 1000)), 1e-12);
            assertEquals(0.07, dino.teacherTemperatureAt(at(299, 10, 1000)), 1e-12);
            assertEquals(0.07, dino.teacherTemperatureAt(at(900, 10, 1000)), 1e-12);
            // the teacher momentum is a cosine from 0.996 to 1 over the run
            assertEquals(0.996, dino.teacherMomentumAt(at(0, 10, 1000)), 1e-12);
            assertEquals(0.998, dino.teacherMomentumAt(at(500, 10, 1000)), 1e-12);
        }
    }

    @Test
    void emaUpdateIsExact() {
        try (MethodHarness<DinoConfig> h = harness(2);
                NDManager scope = h.manager().newSubManager()) {
            Dino dino = (Dino) h.method();
            Parameter s = dino.trainable().getParameters().get(0).getValue();
            Parameter t = dino.teacher().getParameters().get(0).getValue();
            TrainingStep ts = h.step(scope, 3, 10);
            h.forwardBackward(scope, h.batch(scope, batchSize(), 3), ts);
            s.getArray().addi(0.25f); // stands in for an optimiser step
            float[] student = s.getArray().toFloatArray();
            float[] teacher = t.getArray().toFloatArray();
            h.method().afterStep(ts);
            double m = dino.teacherMomentumAt(ts);
            assertTrue(m > 0.996 && m < 1);
            float[] after = t.getArray().toFloatArray();
            for (int i = 0; i < after.length; i++) {
                assertEquals(m * teacher[i] + (1 - m) * student[i], after[i], 1e-6);
            }
        }
    }

    @Test
    void centreMovesOnlyInAfterStep() {
        try (MethodHarness<DinoConfig> h = harness(3);
                NDManager scope = h.manager().newSubManager()) {
            Dino dino = (Dino) h.method();
            NDArray images = h.batch(scope, batchSize(), 3);
            h.lossAt(images, 0);
            assertEquals(
                    0f,
                    dino.center().value().abs().sum().getFloat(),
                    "a loss alone must not move the centre");
            TrainingStep ts = h.step(scope, 0, 10);
            h.forwardBackward(scope, images, ts);
            h.method().afterStep(ts);
            float[] c = dino.center().value().toFloatArray();
            float norm = 0;
            for (float v : c) {
                assertTrue(Float.isFinite(v));
                norm += Math.abs(v);
            }
            assertTrue(norm > 0, "afterStep moves the centre");
        }
    }

    @Test
    void lastLayerStaysFixedDuringTheFirstEpochThenTrains() {
        try (MethodHarness<DinoConfig> h = harness(4);
                OptimizerSteps steps = new OptimizerSteps(h, 2, 6);
                NDManager keep = h.manager().newSubManager()) {
            Dino dino = (Dino) h.method();
            NDArray lastLayer = dino.head().lastLayer().weight();
            NDArray initial = copy(lastLayer, keep);
            NDArray teacherConv = dino.teacher().getParameters().get(0).getValue().getArray();
            NDArray teacherInitial = copy(teacherConv, keep);
            steps.run(0, batchSize());
            steps.run(1, batchSize());
            // momentum 0.9 and weight decay 0.1 would move a layer that only had a zero gradient
            assertEquals(0f, maxAbsDiff(initial, lastLayer), "frozen in epoch 0");
            steps.run(2, batchSize());
            assertTrue(maxAbsDiff(initial, lastLayer) > 1e-5, "the last layer trains in epoch 1");
            assertNotEquals(
                    0f, maxAbsDiff(teacherInitial, teacherConv), "the teacher follows the student");
        }
    }

    @Test
    void weightNormWithTrainableGainAlsoTrains() {
        DinoConfig c = tinyConfig().withNormLastLayer(false).withFreezeLastLayerEpochs(0);
        try (MethodHarness<DinoConfig> h =
                        new MethodHarness<>(provider(), c, this::tinyEncoder, 5);
                NDManager scope = h.manager().newSubManager()) {
            h.forwardBackward(scope, h.batch(scope, batchSize(), 3), h.step(scope, 0, 10));
            Parameter gain = ((Dino) h.method()).head().lastLayer().getParameters().get("weight_g");
            assertTrue(gain.getArray().getGradient().abs().sum().getFloat() > 0);
        }
    }

    private static TrainingStep at(long step, int stepsPerEpoch, long total) {
        return new TrainingStep(
                step, (int) (step / stepsPerEpoch), total, stepsPerEpoch, null, null, Rng.of(0));
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        try (MethodHarness<DinoConfig> h = harness(8);
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
}
