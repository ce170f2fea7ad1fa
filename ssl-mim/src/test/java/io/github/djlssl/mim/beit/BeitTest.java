package io.github.djlssl.mim.beit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeitTest extends SslMethodContractTest<BeitConfig> {

    @TempDir static Path dir;
    private static Path tokenizerFile;

    @BeforeAll
    static void writeTokenizer() throws Exception {
        tokenizerFile = dir.resolve("tokenizer.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            TokenizerFile.save(VqTokenizerTest.tiny(m, 21), tokenizerFile);
        }
    }

    static Encoder tinyVit() {
        return VisionTransformer.of(VitConfig.tiny(4).withImageSize(16).withInputChannels(1)
                .withWidth(32, 2).withDepth(2));
    }

    @Override
    protected SslMethodProvider<BeitConfig> provider() {
        return new BeitProvider();
    }

    @Override
    protected BeitConfig tinyConfig() {
        return BeitConfig.defaults().withTokenizer(tokenizerFile.toString());
    }

    @Override
    protected Encoder tinyEncoder() {
        return tinyVit();
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("maskRatio", "0", "minBlockPatches", "-1", "colorJitter", "-0.1");
    }

    @Test
    void defaultsAreThePapers() {
        BeitConfig c = BeitConfig.defaults();
        assertEquals(0.4, c.maskRatio());
        assertEquals(0.08, c.minCropScale());
        assertTrue(c.tokenizer().isEmpty());
    }

    @Test
    void withoutATokenizerTheErrorSaysHowToTrainOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MethodHarness<>(provider(), BeitConfig.defaults(), this::tinyEncoder, 1));
        assertTrue(e.getMessage().contains("--method beit-tokenizer"), e.getMessage());
    }

    @Test
    void rejectsAResNet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MethodHarness<>(provider(), tinyConfig(),
                        () -> io.github.djlssl.core.encoder.EncoderSpec.of("resnet18", 16, 1)
                                .withWidth(4).build(), 1));
        assertTrue(e.getMessage().contains("ViT"), e.getMessage());
    }

    @Test
    void tokenizerIsFrozenAndHeadSpansItsVocabulary() {
        try (MethodHarness<BeitConfig> h = harness(1)) {
            Beit beit = (Beit) h.method();
            assertEquals(16, beit.tokenizer().vocabularySize());
            for (Pair<String, Parameter> p : h.method().checkpointBlocks().get("tokenizer").getParameters()) {
                assertFalse(p.getValue().requiresGradient(), p.getKey());
            }
            long headUnits = h.method().trainable().getParameters().stream()
                    .filter(p -> p.getKey().contains("head") && p.getKey().endsWith("weight"))
                    .mapToLong(p -> p.getValue().getArray().getShape().get(0))
                    .findFirst().orElseThrow();
            assertEquals(16, headUnits);
        }
    }

    @Test
    void maskedAccuracyIsAFraction() {
        try (MethodHarness<BeitConfig> h = harness(2);
                NDManager scope = h.manager().newSubManager()) {
            NDArray images = h.batch(scope, 4, 1);
            float acc = h.forwardBackward(scope, images, h.step(scope, 0, 10))
                    .metrics().get("masked_accuracy").getFloat();
            assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
        }
    }
}
