package io.github.djlssl.jointembed.moco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MoCo v3 on a tiny ViT (the encoder the paper trains): the contract and the cosine EMA step. */
class MoCoV3Test extends SslMethodContractTest<MoCoConfig> {

    @Override
    protected SslMethodProvider<MoCoConfig> provider() {
        return new MoCoV3Provider();
    }

    @Override
    protected MoCoConfig tinyConfig() {
        return MoCoConfig.v3().withHeadDims(8, 16, 16);
    }

    @Override
    protected Encoder tinyEncoder() {
        return VisionTransformer.of(
                VitConfig.tiny(4).withImageSize(16).withInputChannels(1).withWidth(32, 2).withDepth(2));
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("temperature", "-0.2", "predictorHiddenDim", "0", "momentumDecay", "linear");
    }

    @Test
    void defaultsAreThePapers() {
        MoCoConfig c = new MoCoV3Provider().defaultConfig();
        assertEquals(MoCoConfig.Version.V3, c.version());
        assertEquals(0.2, c.temperature());
        assertEquals(0.99, c.momentum());
        assertEquals(MoCoConfig.MomentumDecay.COSINE, c.momentumDecay());
        assertEquals(256, c.projectionDim());
        assertEquals(4096, c.hiddenDim());
        assertEquals(4096, c.predictorHiddenDim());
    }

    @Test
    void momentumRisesToOneOnACosine() {
        try (MethodHarness<MoCoConfig> h = harness(1)) {
            MoCo moco = (MoCo) h.method();
            assertEquals(0.99, moco.momentumAt(0, 10), 1e-12);
            assertEquals(1 - 0.01 * (1 + Math.cos(Math.PI * 3 / 10)) / 2, moco.momentumAt(3, 10), 1e-12);
            assertEquals(0.995, moco.momentumAt(5, 10), 1e-12);
            assertEquals(1.0, moco.momentumAt(10, 10), 1e-12);
            assertEquals("mocov3", moco.id());
            assertThrows(IllegalStateException.class, moco::queue);
        }
    }

    @Test
    void emaStepIsExactAtTheScheduledMomentum() {
        try (MethodHarness<MoCoConfig> h = harness(1);
                NDManager scope = h.manager().newSubManager()) {
            double m = 1 - 0.01 * (1 + Math.cos(Math.PI * 3 / 10)) / 2;
            MomentumCheck.assertExactEmaStep(h.method(), scope, h.step(scope, 3, 10), m);
        }
    }

    @Test
    void projectorIsThreeLayersOnAVitWithAFixedLastBn() {
        try (MethodHarness<MoCoConfig> h = harness(1)) {
            var params = h.method().trainable().getParameters();
            long linears = params.keys().stream()
                    .filter(k -> k.startsWith("02projector") && k.endsWith("Linear_weight"))
                    .count();
            assertEquals(3, linears, params.keys().toString());
            // The last BN has no affine: DJL keeps γ = 1, β = 0 as parameters that never train.
            assertFalse(params.get("02projector_01layers_08BatchNorm_gamma").requiresGradient());
            assertTrue(params.get("02projector_01layers_05BatchNorm_gamma").requiresGradient());
            assertFalse(params.keys().stream().anyMatch(k -> k.contains("Linear_bias")), "no biases before BN");
            assertTrue(h.method().stateArrays().isEmpty(), "v3 keeps no queue");
        }
    }
}
