package io.github.djlssl.mim.mae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.encoder.PatchOps;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.mask.PatchMask;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaeTest extends SslMethodContractTest<MaeConfig> {

    /** depth 2, D 32, 2 heads, 16 px, patch 4: a 4 × 4 grid, 12 masked and 4 visible patches. */
    static VisionTransformer tinyVit() {
        return VisionTransformer.of(
                VitConfig.tiny(4).withImageSize(16).withWidth(32, 2).withDepth(2).withInputChannels(1));
    }

    @Override
    protected SslMethodProvider<MaeConfig> provider() {
        return new MaeProvider();
    }

    @Override
    protected MaeConfig tinyConfig() {
        return MaeConfig.defaults().withDecoder(16, 1, 2);
    }

    @Override
    protected Encoder tinyEncoder() {
        return tinyVit();
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("maskRatio", "1", "decoderDim", "30", "decoderHeads", "3", "decoderDepth", "0");
    }

    @Test
    void defaultsAreThePapers() {
        MaeConfig c = MaeConfig.defaults();
        assertEquals(0.75, c.maskRatio());
        assertEquals(512, c.decoderDim());
        assertEquals(8, c.decoderDepth());
        assertEquals(16, c.decoderHeads());
        assertTrue(c.normPixLoss());
        assertFalse(c.maskTokenInEncoder());
    }

    @Test
    void rejectsAResNetWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MethodHarness<>(provider(), tinyConfig(),
                        () -> EncoderSpec.of("resnet18", 16, 1).withWidth(4).build(), 1).close());
        assertTrue(e.getMessage().startsWith("mae needs a ViT encoder (vit-tiny|small|base), got resnet18"),
                e.getMessage());
    }

    @Test
    void predictionsIgnoreThePixelsOfMaskedPatches() {
        // The encoder never sees masked patches, so their content cannot change any prediction.
        for (MaeConfig config : new MaeConfig[] {tinyConfig(), tinyConfig().withMaskTokenInEncoder(true)}) {
            try (MethodHarness<MaeConfig> h = new MethodHarness<>(provider(), config, MaeTest::tinyVit, 3);
                    NDManager scope = h.manager().newSubManager()) {
                Mae mae = (Mae) h.method();
                TrainingStep step = h.step(scope, 0, 10);
                NDArray images = scope.randomNormal(new Shape(2, 1, 16, 16));
                PatchMask mask = mae.masks().generate(scope, 2, Rng.of(9));
                assertEquals(12, mask.maskedCount());
                NDArray noise = scope.randomNormal(new Shape(2, 16, 16));
                NDArray inMasked = PatchOps.unpatchify(noise.mul(mask.floatMask().expandDims(2)), 4);
                NDArray inVisible = PatchOps.unpatchify(noise.mul(mask.floatMask().neg().add(1).expandDims(2)), 4);
                NDArray base = mae.reconstruct(images, mask, step);
                assertEquals(new Shape(2, 16, 16), base.getShape());
                float masked = mae.reconstruct(images.add(inMasked), mask, step).sub(base).abs().max().getFloat();
                float visible = mae.reconstruct(images.add(inVisible), mask, step).sub(base).abs().max().getFloat();
                assertEquals(0f, masked, 1e-5f, "masked pixels leaked into the predictions");
                assertTrue(visible > 1e-3f, "visible pixels must matter, changed by " + visible);
            }
        }
    }

    @Test
    void encoderWithMaskTokensTrainsItsTokenAndSkipsTheDecoderToken() {
        try (MethodHarness<MaeConfig> h = new MethodHarness<>(
                        provider(), tinyConfig().withMaskTokenInEncoder(true), MaeTest::tinyVit, 1);
                NDManager scope = h.manager().newSubManager()) {
            h.forwardBackward(scope, h.batch(scope, 4, 3), h.step(scope, 0, 10));
            int tokens = 0;
            for (Pair<String, Parameter> p : h.method().trainable().getParameters()) {
                if (p.getKey().endsWith("mask_token")) {
                    tokens++;
                    assertTrue(p.getKey().contains("encoder_mask_token"), p.getKey());
                }
                assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0,
                        "no gradient reached " + p.getKey());
            }
            assertEquals(1, tokens, "exactly one mask token: the encoder's");
        }
    }

    @Test
    void stepMemoryIsFreedWithTheStepScope() {
        // The batch lives outside the model's manager tree (views land on the batch's manager).
        try (MethodHarness<MaeConfig> h = harness(2);
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
