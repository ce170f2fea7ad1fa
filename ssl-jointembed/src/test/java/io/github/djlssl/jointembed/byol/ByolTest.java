package io.github.djlssl.jointembed.byol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.optim.ParameterGroups;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BYOL on a tiny ResNet: the contract, the τ schedule and the exact EMA step. */
class ByolTest extends SslMethodContractTest<ByolConfig> {

    @Override
    protected SslMethodProvider<ByolConfig> provider() {
        return new ByolProvider();
    }

    @Override
    protected ByolConfig tinyConfig() {
        return ByolConfig.defaults().withHeadDims(8, 16, 16);
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of(
                "baseMomentum", "1.01", "projectionDim", "0", "predictorHiddenDim", "-3", "predictorLrScale", "-1");
    }

    @Test
    void defaultsAreThePapers() {
        ByolConfig c = ByolConfig.defaults();
        assertEquals(256, c.projectionDim());
        assertEquals(4096, c.projectionHiddenDim());
        assertEquals(4096, c.predictorHiddenDim());
        assertEquals(0.996, c.baseMomentum());
        assertEquals(1.0, c.predictorLrScale());
        assertFalse(c.projectorOutputBatchNorm());
    }

    @Test
    void projectorOutputBatchNormStandardisesEachTargetDimension() {
        try (MethodHarness<ByolConfig> h = new MethodHarness<>(
                        provider(), tinyConfig().withProjectorOutputBatchNorm(true), this::tinyEncoder, 1);
                NDManager scope = h.manager().newSubManager()) {
            Byol byol = (Byol) h.method();
            NDArray images = h.batch(scope, batchSize(), 5).toType(DataType.FLOAT32, false).div(255f);
            NDArray z = byol.targetProjection(h.store(), images);
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
    void predictorLrScaleAppliesToThePredictorOnly() {
        try (MethodHarness<ByolConfig> h =
                new MethodHarness<>(provider(), tinyConfig().withPredictorLrScale(10), this::tinyEncoder, 1)) {
            int predictor = 0;
            for (ParameterGroups.Member m : h.method().parameterGroups().members()) {
                boolean inPredictor = m.name().matches("\\d+predictor_.*");
                predictor += inPredictor ? 1 : 0;
                assertEquals(inPredictor ? 10.0 : 1.0, m.lrScale(), m.name());
            }
            assertTrue(predictor >= 4, "predictor parameters found: " + predictor);
        }
    }

    @Test
    void tauRisesFromBaseToOneOnACosine() {
        try (MethodHarness<ByolConfig> h = harness(1)) {
            Byol byol = (Byol) h.method();
            assertEquals(0.996, byol.momentumAt(0, 100), 1e-12);
            // §3.3: τ = 1 − (1 − τ_base)(cos(πk/K) + 1)/2.
            assertEquals(1 - 0.004 * (Math.cos(Math.PI * 30 / 100) + 1) / 2, byol.momentumAt(30, 100), 1e-12);
            assertEquals(1.0, byol.momentumAt(100, 100), 1e-12);
        }
    }

    @Test
    void emaStepIsExactAtTheScheduledTau() {
        try (MethodHarness<ByolConfig> h = harness(1);
                NDManager scope = h.manager().newSubManager()) {
            Byol byol = (Byol) h.method();
            Pair<String, Parameter> first = byol.checkpointBlocks().get("teacher").getParameters().get(0);
            NDArray t = first.getValue().getArray();
            NDArray s = byol.trainable().getParameters().get(first.getKey()).getArray();
            assertTrue(byol.trainable().getParameters().get(first.getKey()).requiresGradient(), first.getKey());
            s.addi(scope.randomNormal(s.getShape())); // the optimiser's move, not yet followed
            float[] tOld = t.toFloatArray();
            float[] sNew = s.toFloatArray();
            byol.afterStep(h.step(scope, 3, 10));
            double tau = 1 - 0.004 * (Math.cos(Math.PI * 3 / 10) + 1) / 2;
            float[] tNew = t.toFloatArray();
            for (int i = 0; i < tNew.length; i++) {
                assertEquals(tau * tOld[i] + (1 - tau) * sNew[i], tNew[i], 1e-6, first.getKey() + "[" + i + "]");
            }
        }
    }

    @Test
    void targetHoldsEncoderAndProjectorButNoPredictor() {
        try (MethodHarness<ByolConfig> h = harness(1)) {
            var target = h.method().checkpointBlocks().get("teacher").getParameters().keys();
            assertTrue(target.stream().anyMatch(k -> k.contains("projector")));
            assertFalse(target.stream().anyMatch(k -> k.contains("predictor")));
            assertTrue(h.method().trainable().getParameters().keys().stream().anyMatch(k -> k.contains("predictor")));
        }
    }

    @Test
    void stepsDoNotGrowTheMethodsManager() {
        try (MethodHarness<ByolConfig> h = harness(4)) {
            int[] owned = new int[3];
            for (int i = 0; i < 3; i++) {
                try (NDManager scope = h.manager().newSubManager()) {
                    var ts = h.step(scope, i, 10);
                    h.forwardBackward(scope, h.batch(scope, batchSize(), i), ts);
                    h.method().afterStep(ts);
                }
                owned[i] = h.manager().getManagedArrays().size();
            }
            assertEquals(owned[1], owned[2], "arrays owned by the method's manager must not grow");
        }
    }
}
