package io.github.djlssl.core.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.BufferedImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import io.github.djlssl.core.augment.Normalize;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingTranslatorTest {

    @Test
    void inputIsScaledAndNormalisedWithTheRunsStatistics() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x000000);
        img.setRGB(1, 0, 0xFFFFFF);
        img.setRGB(0, 1, 0xFF0000); // luma 76
        img.setRGB(1, 1, 0x0000FF); // luma 29
        var image = new BufferedImageFactory().fromImage(img);
        try (NDManager m = NDManager.newBaseManager()) {
            EmbeddingTranslator grey = new EmbeddingTranslator(2, 1, new Normalize(new float[] {0.5f}, new float[] {0.5f}));
            NDArray x = grey.encoderInput(m, List.of(image, image));
            assertEquals(new Shape(2, 1, 2, 2), x.getShape());
            float[] expected = {-1f, 1f, 76 / 127.5f - 1, 29 / 127.5f - 1};
            float[] got = x.toFloatArray();
            assertArrayEquals(expected, java.util.Arrays.copyOf(got, 4), 1e-6f);

            EmbeddingTranslator colour = new EmbeddingTranslator(2, 3, new Normalize(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f}));
            float[] rgb = colour.encoderInput(m, List.of(image)).toFloatArray();
            assertArrayEquals(new float[] {0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1}, rgb, 1e-6f);
        }
    }

    @Test
    void batchesAreStackedAndBadGeometryIsRejected() {
        Normalize one = Normalize.fashionMnist();
        EmbeddingTranslator t = new EmbeddingTranslator(8, 1, one);
        assertEquals(Batchifier.STACK, t.getBatchifier());
        assertEquals(8, t.imageSize());
        assertEquals(1, t.channels());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new EmbeddingTranslator(0, 1, one));
        assertTrue(size.getMessage().contains("imageSize"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingTranslator(8, 2, one));
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingTranslator(8, 1, Normalize.imagenet()));
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> t.encoderInput(m, List.of()));
        }
    }
}
