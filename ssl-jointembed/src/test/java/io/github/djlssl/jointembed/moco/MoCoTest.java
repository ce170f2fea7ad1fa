package io.github.djlssl.jointembed.moco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MoCo v2 on a tiny ResNet: the contract, the exact EMA step and the queue update. */
class MoCoTest extends SslMethodContractTest<MoCoConfig> {

    private static final int QUEUE = 12;

    @Override
    protected SslMethodProvider<MoCoConfig> provider() {
        return new MoCoProvider();
    }

    @Override
    protected MoCoConfig tinyConfig() {
        return MoCoConfig.v2().withQueueSize(QUEUE).withHeadDims(8, 0, 16);
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("temperature", "0", "queueSize", "0", "momentum", "1.5", "projectionLayers", "1",
                "version", "v4");
    }

    @Test
    void defaultsAreThePapers() {
        MoCoConfig c = new MoCoProvider().defaultConfig();
        assertEquals(MoCoConfig.Version.V2, c.version());
        assertEquals(0.2, c.temperature());
        assertEquals(65_536, c.queueSize());
        assertEquals(0.999, c.momentum());
        assertEquals(MoCoConfig.MomentumDecay.FIXED, c.momentumDecay());
        assertEquals(128, c.projectionDim());
        assertEquals(2, c.projectionLayers());
        assertFalse(c.projectionBatchNorm(), "the paper's v2 head has no BN");
        assertFalse(c.symmetric(), "the paper's v2 loss has one direction");
    }

    @Test
    void symmetricLossIsTheMeanOfBothDirectionsAndQueuesBothKeys() {
        MoCoConfig plus = tinyConfig().withV2Plus(true, true);
        try (MethodHarness<MoCoConfig> sym = new MethodHarness<>(provider(), plus, this::tinyEncoder, 7);
                MethodHarness<MoCoConfig> one =
                        new MethodHarness<>(provider(), tinyConfig().withV2Plus(true, false), this::tinyEncoder, 7);
                NDManager scope = sym.manager().newSubManager()) {
            TrainingStep ts = sym.step(scope, 0, 10);
            List<NDArray> views = sym.method().views().generate(sym.batch(scope, batchSize(), 3), ts.rng().split());
            float both = sym.method().loss(views, ts).loss().getFloat();
            TrainingStep other = one.step(scope, 0, 10);
            float forward = one.method().loss(views, other).loss().getFloat();
            float backward = one.method().loss(List.of(views.get(1), views.get(0)), other).loss().getFloat();
            assertEquals((forward + backward) / 2, both, 1e-5);
            sym.method().afterStep(ts);
            assertEquals((2L * batchSize()) % QUEUE, ((MoCo) sym.method()).queue().pointer(), "keys of both views are queued");
        }
    }

    @Test
    void emaStepIsExact() {
        try (MethodHarness<MoCoConfig> h = harness(1);
                NDManager scope = h.manager().newSubManager()) {
            MomentumCheck.assertExactEmaStep(h.method(), scope, h.step(scope, 3, 10), 0.999);
        }
    }

    @Test
    void afterStepQueuesThisStepsKeysAtThePointer() {
        try (MethodHarness<MoCoConfig> h = harness(2);
                NDManager scope = h.manager().newSubManager()) {
            MoCo moco = (MoCo) h.method();
            float[] before = moco.queue().keys().toFloatArray();
            NDArray images = h.batch(scope, batchSize(), 3);
            TrainingStep ts = h.step(scope, 0, 10);
            h.forwardBackward(scope, images, ts);
            assertArrayEquals(before, moco.queue().keys().toFloatArray(), 0f, "the loss must not touch the queue");
            moco.afterStep(ts);
            assertEquals(batchSize(), moco.queue().pointer());
            float[] after = moco.queue().keys().toFloatArray();
            int d = 8;
            for (int row = 0; row < QUEUE; row++) {
                double norm = 0;
                boolean changed = false;
                for (int c = 0; c < d; c++) {
                    norm += after[row * d + c] * after[row * d + c];
                    changed |= after[row * d + c] != before[row * d + c];
                }
                assertEquals(1, norm, 1e-5, "row " + row + " must be unit length");
                assertEquals(row < batchSize(), changed, "row " + row);
            }
            // A loss without its afterStep (an evaluation forward) queues nothing.
            h.lossAt(images, 5);
            moco.afterStep(h.step(scope, 6, 10));
            assertEquals(batchSize(), moco.queue().pointer());
        }
    }

    @Test
    void noGradientReachesTheMomentumEncoderOrTheKeys() {
        try (MethodHarness<MoCoConfig> h = harness(3);
                NDManager scope = h.manager().newSubManager()) {
            SslMethod m = h.method();
            h.forwardBackward(scope, h.batch(scope, batchSize(), 3), h.step(scope, 0, 10));
            for (var p : m.checkpointBlocks().get("teacher").getParameters()) {
                Parameter param = p.getValue();
                assertFalse(param.requiresGradient(), p.getKey());
                assertFalse(param.getArray().hasGradient(), p.getKey());
            }
        }
    }

    @Test
    void keptKeysDoNotLeakAcrossSteps() {
        try (MethodHarness<MoCoConfig> h = harness(4)) {
            int[] owned = new int[3];
            for (int i = 0; i < 3; i++) {
                try (NDManager scope = h.manager().newSubManager()) {
                    TrainingStep ts = h.step(scope, i, 10);
                    h.forwardBackward(scope, h.batch(scope, batchSize(), i), ts);
                    h.method().afterStep(ts);
                }
                owned[i] = h.manager().getManagedArrays().size();
            }
            assertEquals(owned[1], owned[2], "arrays owned by the method's manager must not grow");
        }
    }
}
