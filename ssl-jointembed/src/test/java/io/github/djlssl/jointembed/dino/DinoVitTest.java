package io.github.djlssl.jointembed.dino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.augment.ViewSpec;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.PositionalEmbedding;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;

import org.junit.jupiter.api.Test;

import java.util.Map;

/** DINO on a tiny ViT: local crops are rendered at the ViT's fixed input size. */
class DinoVitTest extends SslMethodContractTest<DinoConfig> {

    @Override
    protected SslMethodProvider<DinoConfig> provider() {
        return new DinoProvider();
    }

    @Override
    protected DinoConfig tinyConfig() {
        return DinoConfig.defaults().withHead(32, 16, 8).withLocalCrops(2, 0);
    }

    @Override
    protected Encoder tinyEncoder() {
        return VisionTransformer.of(tinyVit());
    }

    private static VitConfig tinyVit() {
        return new VitConfig(
                16,
                4,
                1,
                32,
                2,
                2,
                2.0,
                true,
                true,
                PositionalEmbedding.SINCOS_2D,
                VitConfig.Pooling.CLS,
                1e-6f);
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("localCropSize", "-1");
    }

    @Override
    protected boolean mayLackGradientAtStepZero(String name) {
        return name.contains("last_layer");
    }

    @Test
    void localCropsUseTheFullInputSize() {
        try (MethodHarness<DinoConfig> h = harness(1)) {
            for (ViewSpec v : h.method().views().views()) {
                assertEquals(16, v.size(), v.name());
            }
            assertEquals(1, h.method().views().groups().size(), "one forward pass for all crops");
        }
    }

    @Test
    void anExplicitSmallLocalSizeIsRejectedForAVit() {
        try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
            Encoder e = tinyEncoder();
            e.initialize(m, DataType.FLOAT32, new Shape(2, 1, 16, 16));
            MethodContext ctx = new MethodContext(e, m, Normalize.fashionMnist(), 1);
            IllegalArgumentException ex =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> new Dino(tinyConfig().withLocalCrops(2, 8), ctx));
            org.junit.jupiter.api.Assertions.assertTrue(ex.getMessage().contains("localCropSize"));
        }
    }
}
