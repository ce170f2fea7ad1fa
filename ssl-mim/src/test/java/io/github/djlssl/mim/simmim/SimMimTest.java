package io.github.djlssl.mim.simmim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.encoder.PatchOps;
import io.github.djlssl.core.encoder.PositionalEmbedding;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.mask.PatchMask;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimMimTest extends SslMethodContractTest<SimMimConfig> {

    /** depth 2, D 32, 2 heads, 16 px, patch 4; auto mask patch 8 → a 2 × 2 coarse grid. */
    static VisionTransformer tinyVit(PositionalEmbedding positions) {
        return VisionTransformer.of(VitConfig.tiny(4).withImageSize(16).withWidth(32, 2).withDepth(2)
                .withInputChannels(1).withPositionalEmbedding(positions));
    }

    @Override
    protected SslMethodProvider<SimMimConfig> provider() {
        return new SimMimProvider();
    }

    @Override
    protected SimMimConfig tinyConfig() {
        return SimMimConfig.defaults();
    }

    @Override
    protected Encoder tinyEncoder() {
        return tinyVit(PositionalEmbedding.SINCOS_2D);
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("maskRatio", "0", "maskPatchSize", "-8");
    }

    @Test
    void defaultsAreThePapers() {
        SimMimConfig c = SimMimConfig.defaults();
        assertEquals(0.6, c.maskRatio());
        // auto = 2 × model patch: SimMIM's 32 px mask patches for ViT-B/16 at 192 px
        assertEquals(32, c.resolveMaskPatchSize(192, 16));
        assertEquals(8, c.resolveMaskPatchSize(32, 4));
        assertEquals(4, c.resolveMaskPatchSize(28, 4), "7 × 7 grid: no coarser divisor");
        assertEquals(16, c.withMaskPatchSize(16).resolveMaskPatchSize(32, 4));
        assertThrows(IllegalArgumentException.class, () -> c.withMaskPatchSize(12).resolveMaskPatchSize(32, 4));
        assertThrows(IllegalArgumentException.class, () -> c.withMaskPatchSize(6).resolveMaskPatchSize(24, 4));
    }

    @Test
    void rejectsAResNetWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MethodHarness<>(provider(), tinyConfig(),
                        () -> EncoderSpec.of("resnet18", 16, 1).withWidth(4).build(), 1).close());
        assertTrue(e.getMessage().startsWith("simmim masks patch tokens and needs a ViT encoder")
                        && e.getMessage().contains("got resnet18"),
                e.getMessage());
    }

    @Test
    void masksCoarsePatchesAndPredictionsIgnoreTheirPixels() {
        // Mask tokens replace masked patch embeddings, so masked pixels cannot reach any output;
        // checked with fixed and with learned positions (both position paths).
        for (PositionalEmbedding positions : PositionalEmbedding.values()) {
            try (MethodHarness<SimMimConfig> h =
                            new MethodHarness<>(provider(), tinyConfig(), () -> tinyVit(positions), 3);
                    NDManager scope = h.manager().newSubManager()) {
                SimMim simmim = (SimMim) h.method();
                PatchMask mask = simmim.masks().generate(scope, 2, Rng.of(4));
                assertEquals(12, mask.maskedCount(), "ceil(0.6 × 4) = 3 coarse cells of 2 × 2 patches");
                NDArray images = scope.randomNormal(new Shape(2, 1, 16, 16));
                NDArray noise = scope.randomNormal(new Shape(2, 16, 16));
                NDArray inMasked = PatchOps.unpatchify(noise.mul(mask.floatMask().expandDims(2)), 4);
                NDArray inVisible = PatchOps.unpatchify(noise.mul(mask.floatMask().neg().add(1).expandDims(2)), 4);
                NDArray base = simmim.reconstruct(h.store(), images, mask.floatMask(), true);
                assertEquals(new Shape(2, 16, 16), base.getShape());
                float masked = simmim.reconstruct(h.store(), images.add(inMasked), mask.floatMask(), true)
                        .sub(base).abs().max().getFloat();
                float visible = simmim.reconstruct(h.store(), images.add(inVisible), mask.floatMask(), true)
                        .sub(base).abs().max().getFloat();
                assertEquals(0f, masked, 1e-5f, "masked pixels leaked into the predictions");
                assertTrue(visible > 1e-3f, "visible pixels must matter, changed by " + visible);
            }
        }
    }

    @Test
    void maskedPositionsStillCarryTheirPosition() {
        // A fully masked image gives every position the same mask token; the outputs still differ
        // per position because the positional embedding is added after the replacement.
        try (MethodHarness<SimMimConfig> h = harness(3);
                NDManager scope = h.manager().newSubManager()) {
            SimMim simmim = (SimMim) h.method();
            NDArray images = scope.zeros(new Shape(1, 1, 16, 16));
            NDArray allMasked = scope.ones(new Shape(1, 16));
            NDArray out = simmim.reconstruct(h.store(), images, allMasked, true);
            float spread = out.get("0, 0, :").sub(out.get("0, 15, :")).abs().max().getFloat();
            assertTrue(spread > 1e-4f, "mask tokens at different positions gave equal outputs");
        }
    }

    @Test
    void stepMemoryIsFreedWithTheStepScope() {
        // The batch lives outside the model's manager tree (views land on the batch's manager).
        try (MethodHarness<SimMimConfig> h = harness(2);
                NDManager data = NDManager.newBaseManager()) {
            NDArray images = h.batch(data, 4, 3);
            h.lossAt(images, 0);
            int before = h.manager().getManagedArrays().size();
            h.lossAt(images, 1);
            h.lossAt(images, 2);
            assertEquals(before, h.manager().getManagedArrays().size(), "arrays leaked into the model manager");
        }
    }
}
