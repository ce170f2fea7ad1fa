package io.github.djlssl.mim.maskfeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskFeatTest extends SslMethodContractTest<MaskFeatConfig> {

    /** A 2-block, 32-wide ViT on 1 × 16 × 16 images with 4 px patches (4 × 4 grid). */
    static Encoder tinyVit() {
        return VisionTransformer.of(VitConfig.tiny(4).withImageSize(16).withInputChannels(1)
                .withWidth(32, 2).withDepth(2));
    }

    @Override
    protected SslMethodProvider<MaskFeatConfig> provider() {
        return new MaskFeatProvider();
    }

    @Override
    protected MaskFeatConfig tinyConfig() {
        return MaskFeatConfig.defaults();
    }

    @Override
    protected Encoder tinyEncoder() {
        return tinyVit();
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("maskRatio", "1", "bins", "1", "cellSize", "-1", "minCropScale", "0");
    }

    @Test
    void defaultsAreThePapers() {
        MaskFeatConfig c = MaskFeatConfig.defaults();
        assertEquals(0.4, c.maskRatio());
        assertEquals(9, c.bins());
        assertTrue(c.gaussianWindow());
    }

    @Test
    void headPredictsOneCellPerFourPixelPatch() {
        try (MethodHarness<MaskFeatConfig> h = harness(1)) {
            MaskFeat m = (MaskFeat) h.method();
            assertEquals(4, m.hog().cellSize());
            assertEquals(9, m.hog().featureDim(1));
        }
    }

    @Test
    void rejectsAResNetWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MethodHarness<>(provider(), tinyConfig(),
                        () -> EncoderSpec.of("resnet18", 16, 1).withWidth(4).build(), 1));
        assertTrue(e.getMessage().contains("ViT"), e.getMessage());
    }
}
