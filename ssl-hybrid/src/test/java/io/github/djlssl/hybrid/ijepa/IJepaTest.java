package io.github.djlssl.hybrid.ijepa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IJepaTest extends SslMethodContractTest<IJepaConfig> {

    @Override
    protected SslMethodProvider<IJepaConfig> provider() {
        return new IJepaProvider();
    }

    /** A 4 × 4 grid: the paper's minKeep 10 would leave too few context patches. */
    @Override
    protected IJepaConfig tinyConfig() {
        return IJepaConfig.defaults().withPredictor(1, 16, 2).withMinKeep(2);
    }

    /** A toy ViT with a CLS token (dropped by I-JEPA): depth 2, width 32, 16 px, patch 4. */
    @Override
    protected Encoder tinyEncoder() {
        return VisionTransformer.of(VitConfig.tiny(4).withImageSize(16).withInputChannels(1)
                .withWidth(32, 2).withDepth(2));
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("predictorDepth", "0", "predictorWidth", "30", "numTargets", "0",
                "targetScaleMin", "0", "contextScaleMax", "1.5", "momentumStart", "1.5",
                "cropScaleMin", "0", "loss", "L1");
    }

    @Test
    void defaultsAreThePapers() {
        IJepaConfig c = IJepaConfig.defaults();
        assertEquals(12, c.predictorDepth());
        assertEquals(384, c.predictorWidth());
        assertEquals(4, c.numTargets());
        assertEquals(0.15, c.targetScaleMin());
        assertEquals(0.2, c.targetScaleMax());
        assertEquals(0.75, c.targetAspectMin());
        assertEquals(1.5, c.targetAspectMax());
        assertEquals(0.85, c.contextScaleMin());
        assertEquals(1.0, c.contextScaleMax());
        assertEquals(10, c.minKeep());
        assertFalse(c.allowOverlap());
        assertEquals(0.996, c.momentumStart());
        assertEquals(1.0, c.momentumEnd());
        assertEquals(IJepaLoss.Kind.L2, c.loss());
        assertEquals(0.3, c.cropScaleMin());
        assertFalse(c.horizontalFlip());
    }

    @Test
    void momentumRampsLinearlyAsTheReferenceCode() {
        // src/train.py: m_i = ema0 + i (ema1 − ema0) / N, i = 0 … N.
        IJepaConfig c = IJepaConfig.defaults();
        assertEquals(0.996, c.momentumAt(0, 100), 1e-12);
        assertEquals(0.998, c.momentumAt(50, 100), 1e-12);
        assertEquals(0.996 + 0.004 * 7 / 100, c.momentumAt(7, 100), 1e-12);
        assertEquals(1.0, c.momentumAt(100, 100), 1e-12);
        assertEquals(1.0, c.momentumAt(500, 100), 1e-12);
    }

    @Test
    void emaStepIsExact() {
        try (MethodHarness<IJepaConfig> h = harness(2);
                NDManager scope = h.manager().newSubManager()) {
            IJepa m = (IJepa) h.method();
            PairList<String, Parameter> student = m.contextEncoder().getParameters();
            PairList<String, Parameter> target = m.targetEncoder().getParameters();
            // Move the student away from the target (as an optimiser step would).
            for (int i = 0; i < student.size(); i++) {
                NDArray s = student.get(i).getValue().getArray();
                s.addi(scope.randomNormal(s.getShape()).mul(0.1f));
            }
            float[][] s0 = new float[student.size()][];
            float[][] t0 = new float[student.size()][];
            for (int i = 0; i < student.size(); i++) {
                s0[i] = student.get(i).getValue().getArray().toFloatArray();
                t0[i] = target.get(i).getValue().getArray().toFloatArray();
            }
            TrainingStep step = new TrainingStep(30, 0, 40, 40, scope, h.store(), Rng.of(1));
            // Reference schedule: m_30 = 0.996 + 30 · 0.004 / 40 = 0.999.
            m.afterStep(step);
            double mom = 0.996 + 0.004 * 30 / 40;
            assertEquals(mom, m.momentumAt(30, 40), 1e-12);
            for (int i = 0; i < student.size(); i++) {
                float[] t1 = target.get(i).getValue().getArray().toFloatArray();
                for (int k = 0; k < t1.length; k++) {
                    assertEquals(mom * t0[i][k] + (1 - mom) * s0[i][k], t1[k], 1e-6,
                            student.get(i).getKey() + "[" + k + "]");
                }
                assertFalse(target.get(i).getValue().requiresGradient());
            }
        }
    }

    @Test
    void targetEncoderStartsAsTheStudentAndGetsNoGradient() {
        try (MethodHarness<IJepaConfig> h = harness(4);
                NDManager scope = h.manager().newSubManager()) {
            IJepa m = (IJepa) h.method();
            PairList<String, Parameter> student = m.contextEncoder().getParameters();
            PairList<String, Parameter> target = m.targetEncoder().getParameters();
            for (int i = 0; i < student.size(); i++) {
                assertTrue(student.get(i).getValue().getArray()
                        .contentEquals(target.get(i).getValue().getArray()), student.get(i).getKey());
            }
            LossOutput out = h.forwardBackward(scope, h.batch(scope, 4, 1), h.step(scope, 0, 10));
            for (var p : target) {
                assertFalse(p.getValue().getArray().hasGradient(), "target " + p.getKey());
            }
            // Gradients reached the context encoder's patch embedding and the predictor's mask token.
            assertTrue(m.contextEncoder().getParameters().get(0).getValue().getArray().getGradient()
                    .abs().sum().getFloat() > 0);
            // 4 × 4 grid: a target has floor(16 s) = 2 or 3 patches before rounding to h × w.
            float targetPatches = out.metrics().get("target_patches").getFloat();
            assertTrue(targetPatches >= 1 && targetPatches <= 4, "target_patches " + targetPatches);
            assertTrue(out.metrics().get("context_patches").getFloat() > 2, "minKeep is 2");
        }
    }

    @Test
    void evaluatesAndExportsTheTargetEncoder() {
        // Appendix A.1: "We use the target-encoder for evaluation and average pool its output".
        try (MethodHarness<IJepaConfig> h = harness(5);
                NDManager scope = h.manager().newSubManager()) {
            IJepa m = (IJepa) h.method();
            assertSame(m.targetEncoder(), m.encoder());
            assertNotSame(m.contextEncoder(), m.encoder());
            // The optimiser trains the context encoder; the exported one is not among its parameters.
            Set<String> trainable = new HashSet<>();
            for (var p : m.trainable().getParameters()) {
                trainable.add(p.getValue().getId());
            }
            for (var p : m.contextEncoder().getParameters()) {
                assertTrue(trainable.contains(p.getValue().getId()), "context " + p.getKey());
            }
            for (var p : m.encoder().getParameters()) {
                assertFalse(trainable.contains(p.getValue().getId()), "exported " + p.getKey());
            }
            // After an update the exported weights are the EMA, not the student's.
            NDArray w = m.contextEncoder().getParameters().get(0).getValue().getArray();
            w.addi(scope.ones(w.getShape()));
            m.afterStep(new TrainingStep(0, 0, 10, 10, scope, h.store(), Rng.of(1)));
            NDArray exported = m.encoder().getParameters().get(0).getValue().getArray();
            assertFalse(exported.contentEquals(w), "exported encoder must not be the student");
        }
    }

    @Test
    void metricsOutliveTheStepScopeAsTheTrainerKeepsThem() {
        // The trainer keeps detached views of the metrics after closing the step scope.
        try (MethodHarness<IJepaConfig> h = harness(8);
                NDManager window = h.manager().newSubManager()) {
            NDArray kept;
            float expected;
            try (NDManager scope = h.manager().newSubManager()) {
                LossOutput out = h.forwardBackward(scope, h.batch(scope, 4, 1), h.step(scope, 0, 10));
                expected = out.metrics().get("target_patches").getFloat();
                kept = out.metrics().get("target_patches").stopGradient();
                kept.attach(window);
            }
            for (int i = 0; i < 3; i++) {
                System.gc();
                window.zeros(new Shape(1024)).close();
            }
            assertEquals(expected, kept.getFloat(), 0f);
        }
    }

    @Test
    void worksWithoutAClassToken() {
        Encoder noCls = VisionTransformer.of(VitConfig.tiny(4).withImageSize(16).withInputChannels(1)
                .withWidth(32, 2).withDepth(2).withClassToken(false, VitConfig.Pooling.MEAN));
        try (MethodHarness<IJepaConfig> h = new MethodHarness<>(provider(), tinyConfig(), () -> noCls, 3);
                NDManager scope = h.manager().newSubManager()) {
            NDArray images = h.batch(scope, 4, 2);
            float a = h.lossAt(images, 0);
            assertTrue(Float.isFinite(a) && a > 0, "loss " + a);
            assertNotEquals(a, h.lossAt(images, 1), "another step draws other masks and crops");
        }
    }

    @Test
    void singleCropViewWithoutFlip() {
        try (MethodHarness<IJepaConfig> h = harness(1)) {
            assertEquals(1, h.method().views().views().size());
            assertEquals(16, h.method().views().views().get(0).size());
            assertFalse(h.method().views().views().get(0).pipeline().toString().contains("Flip"));
        }
    }

    @Test
    void rejectsNonVitEncodersAndUnfittingMasks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MethodHarness<>(provider(), tinyConfig(),
                        () -> EncoderSpec.of("resnet18", 16, 1).withWidth(4).build(), 1));
        assertTrue(e.getMessage().contains("Vision Transformer"), e.getMessage());
        IllegalArgumentException keep = assertThrows(IllegalArgumentException.class,
                () -> new MethodHarness<>(provider(), tinyConfig().withMinKeep(16), this::tinyEncoder, 1));
        assertTrue(keep.getMessage().contains("minKeep"), keep.getMessage());
        // predictorHeads 0 = the encoder's 3 heads, which do not divide the predictor's width 16.
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
                () -> new MethodHarness<>(provider(), tinyConfig().withPredictor(1, 16, 0),
                        () -> VisionTransformer.of(VitConfig.tiny(4).withImageSize(16)
                                .withInputChannels(1).withWidth(48, 3).withDepth(1)), 1));
        assertTrue(heads.getMessage().contains("predictorHeads"), heads.getMessage());
    }

    @Test
    void smoothL1IsAtMostHalfTheL2OnTheSameBatch() {
        // Same seed: same weights, crops and masks; Huber(d) <= d²/2 element-wise.
        float l2;
        float smooth;
        try (MethodHarness<IJepaConfig> h = harness(6);
                NDManager scope = h.manager().newSubManager()) {
            l2 = h.lossAt(h.batch(scope, 4, 2), 0);
        }
        try (MethodHarness<IJepaConfig> h = new MethodHarness<>(provider(),
                tinyConfig().withLoss(IJepaLoss.Kind.SMOOTH_L1), this::tinyEncoder, 6);
                NDManager scope = h.manager().newSubManager()) {
            smooth = h.lossAt(h.batch(scope, 4, 2), 0);
        }
        assertTrue(smooth > 0 && smooth <= 0.5f * l2 + 1e-6f, "smooth " + smooth + ", L2 " + l2);
    }
}
