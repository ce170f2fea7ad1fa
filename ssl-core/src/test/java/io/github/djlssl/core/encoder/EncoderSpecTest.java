package io.github.djlssl.core.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class EncoderSpecTest {

    @Test
    void buildsEveryNamedArchitectureForTheGivenImages() {
        ResNet r18 = assertInstanceOf(ResNet.class, EncoderSpec.of("ResNet18", 28, 1).withWidth(16).build());
        assertEquals(128, r18.featureDim());
        assertEquals(new Shape(1, 28, 28), r18.inputShape());
        assertTrue(r18.config().usesSmallImageStem());
        assertEquals(512, EncoderSpec.of("resnet34", 224, 3).build().featureDim());
        assertEquals(2048, EncoderSpec.of("resnet50", 224, 3).build().featureDim());

        VisionTransformer tiny = assertInstanceOf(VisionTransformer.class, EncoderSpec.of("vit-tiny", 32, 3).build());
        assertEquals(4, tiny.patchSize());
        assertEquals(64, tiny.numPatches());
        assertEquals(192, tiny.featureDim());
        assertEquals(384, EncoderSpec.of("vit-small", 224, 3).build().featureDim());
        VisionTransformer base = (VisionTransformer) EncoderSpec.of("vit-base", 40, 1).withPatchSize(5).build();
        assertEquals(768, base.embedDim());
        assertEquals(8, base.gridSize());
        assertEquals(new Shape(1, 40, 40), base.inputShape());
    }

    @Test
    void defaultPatchSizeKeepsAModestGridAndDividesTheImage() {
        assertEquals(16, EncoderSpec.defaultPatchSize(224));
        assertEquals(4, EncoderSpec.defaultPatchSize(32));
        assertEquals(4, EncoderSpec.defaultPatchSize(28));
        assertEquals(8, EncoderSpec.defaultPatchSize(64));
        assertEquals(8, EncoderSpec.defaultPatchSize(96));
        assertEquals(5, EncoderSpec.defaultPatchSize(100));
        assertEquals(16, EncoderSpec.defaultPatchSize(128));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EncoderSpec.of("resnet101", 32, 3));
        assertTrue(e.getMessage().contains("resnet101"), e.getMessage());
        for (String name : EncoderSpec.NAMES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> EncoderSpec.of("resnet18", 0, 3));
        assertThrows(IllegalArgumentException.class, () -> EncoderSpec.of("vit-tiny", 30, 3).withPatchSize(4).build());
    }

    @Test
    void meanPoolingDropsTheClassTokenAndDefaultsToCls() {
        VisionTransformer cls = (VisionTransformer) EncoderSpec.of("vit-tiny", 32, 3).build();
        assertEquals(1, cls.prefixTokens());
        EncoderSpec meanSpec = EncoderSpec.of("vit-tiny", 32, 3).withPooling(VitConfig.Pooling.MEAN);
        VisionTransformer mean = (VisionTransformer) meanSpec.build();
        assertEquals(0, mean.prefixTokens());
        assertEquals(VitConfig.Pooling.MEAN, mean.config().pooling());
        assertEquals(VitConfig.Pooling.MEAN, meanSpec.withWidth(8).withPatchSize(8).pooling());
        // Records written before pooling existed deserialise with null: that means CLS.
        assertEquals(VitConfig.Pooling.CLS, new EncoderSpec("vit-tiny", 32, 3, 0, 0, null).pooling());
    }
}
