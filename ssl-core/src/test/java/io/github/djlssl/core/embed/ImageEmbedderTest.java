package io.github.djlssl.core.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.BufferedImageFactory;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.data.InvalidDatasetException;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.run.PretrainedEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageEmbedderTest {

    private static NDManager manager;
    private static ImageEmbedder grey;
    private static ImageEmbedder rgb;
    private static Encoder greyEncoder;

    @TempDir Path dir;

    @BeforeAll
    static void encoders() {
        manager = NDManager.newBaseManager();
        EncoderSpec g = EncoderSpec.of("resnet18", 16, 1).withWidth(4);
        EncoderSpec c = EncoderSpec.of("resnet18", 16, 3).withWidth(4);
        greyEncoder = PretrainedEncoder.initialise(g, manager);
        grey = ImageEmbedder.of(greyEncoder,
                EmbeddingTranslator.of(g, Normalize.fashionMnist()), manager.getDevice());
        rgb = ImageEmbedder.of(PretrainedEncoder.initialise(c, manager),
                EmbeddingTranslator.of(c, Normalize.imagenet()), manager.getDevice());
    }

    @AfterAll
    static void close() {
        grey.close();
        rgb.close();
        manager.close();
    }

    /** A smooth colour pattern: different (fx, fy) give visibly different images. */
    static BufferedImage pattern(int w, int h, double fx, double fy) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (128 + 120 * Math.sin(fx * x + fy * y));
                int g = (int) (128 + 120 * Math.cos(fx * x - fy * y));
                int b = (int) (128 + 120 * Math.sin(fy * x));
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    private static BufferedImage noisy(BufferedImage src, Rng rng, int amplitude) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int v = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int c = ((p >>> shift) & 0xFF) + rng.nextInt(2 * amplitude + 1) - amplitude;
                    v |= Math.max(0, Math.min(255, c)) << shift;
                }
                out.setRGB(x, y, v);
            }
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void assertUnit(float[] v) {
        assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-5);
    }

    @Test
    void identicalImagesGiveIdenticalUnitVectors() throws Exception {
        BufferedImage a = pattern(16, 16, 0.4, 0.3);
        float[] v1 = rgb.embed(a);
        float[] v2 = rgb.embed(pattern(16, 16, 0.4, 0.3));
        assertEquals(rgb.dimension(), v1.length);
        assertArrayEquals(v1, v2, 0f);
        assertUnit(v1);
        assertUnit(grey.embed(a));
    }

    @Test
    void greyImagesFeedRgbEncodersAsThreeEqualPlanes() throws Exception {
        BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage same = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int v = (x * 13 + y * 7) % 256;
                gray.getRaster().setSample(x, y, 0, v);
                same.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        assertArrayEquals(rgb.embed(same), rgb.embed(gray), 0f);
    }

    @Test
    void rgbImagesFeedGreyEncodersAsRoundedLuma() throws Exception {
        BufferedImage colour = pattern(16, 16, 0.5, 0.2);
        BufferedImage luma = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int p = colour.getRGB(x, y);
                int r = (p >>> 16) & 0xFF;
                int g = (p >>> 8) & 0xFF;
                int b = p & 0xFF;
                luma.getRaster().setSample(x, y, 0, (299 * r + 587 * g + 114 * b + 500) / 1000);
            }
        }
        assertArrayEquals(grey.embed(luma), grey.embed(colour), 0f);
    }

    @Test
    void nonSquareImagesAreCentreCroppedToTheirShorterSide() throws Exception {
        BufferedImage square = pattern(16, 16, 0.7, 0.45);
        BufferedImage wide = new BufferedImage(40, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 40; x++) {
                wide.setRGB(x, y, x >= 12 && x < 28 ? square.getRGB(x - 12, y) : 0xFF0000);
            }
        }
        assertArrayEquals(rgb.embed(square), rgb.embed(wide), 0f);
    }

    @Test
    void oneBatchedPassEqualsSinglePasses() throws Exception {
        BufferedImageFactory factory = new BufferedImageFactory();
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(factory.fromImage(pattern(16 + 4 * i, 16 + 3 * i, 0.2 + 0.1 * i, 0.3)));
        }
        for (ImageEmbedder e : List.of(grey, rgb)) {
            float[][] batch = e.embedImages(images);
            assertEquals(5, batch.length);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(e.embed(images.get(i)), batch[i], 1e-5f, "image " + i);
                assertUnit(batch[i]);
            }
        }
    }

    @Test
    void aNoisedCopyIsNearerThanADifferentImage() throws Exception {
        BufferedImage a = pattern(24, 24, 0.3, 0.5);
        BufferedImage aNoised = noisy(a, Rng.of(5), 6);
        BufferedImage b = pattern(24, 24, 1.1, 0.05);
        for (ImageEmbedder e : List.of(grey, rgb)) {
            float[] va = e.embed(a);
            double near = dot(va, e.embed(aNoised));
            double far = dot(va, e.embed(b));
            assertTrue(near > far, "cos(a, a+noise) = " + near + " vs cos(a, b) = " + far);
        }
    }

    @Test
    void filesEmbedLikeTheirDecodedImagesAndBadFilesAreNamed() throws Exception {
        BufferedImage a = pattern(20, 18, 0.3, 0.2);
        Path png = dir.resolve("a.png");
        ImageIO.write(a, "png", png.toFile());
        assertArrayEquals(rgb.embed(a), rgb.embed(png), 0f);
        Path bad = dir.resolve("b.png");
        Files.writeString(bad, "not a png");
        IOException e = assertThrows(IOException.class, () -> rgb.embedAll(List.of(png, bad), 2));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        float[][] both = rgb.embedAll(List.of(png, png, png), 2);
        assertArrayEquals(both[0], both[2], 1e-6f);
    }

    @Test
    void foldersAreWalkedRecursivelySkippingCorruptFilesLikeImageFolderSource() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("shirts"));
        ImageIO.write(pattern(16, 16, 0.1, 0.2), "png", sub.resolve("2.png").toFile());
        ImageIO.write(pattern(16, 16, 0.5, 0.2), "png", sub.resolve("1.PNG").toFile());
        ImageIO.write(pattern(30, 20, 0.9, 0.1), "jpg", dir.resolve("z.jpg").toFile());
        Files.writeString(dir.resolve("broken.jpeg"), "garbage");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        ImageIO.write(pattern(16, 16, 0.1, 0.2), "png", dir.resolve(".hidden.png").toFile());

        FolderEmbeddings f = grey.embedFolder(dir, 2);
        assertEquals(List.of("shirts/1.PNG", "shirts/2.png", "z.jpg"), f.files());
        assertEquals(1, f.skipped().size());
        assertTrue(f.skipped().get(0).contains("broken.jpeg"), f.skipped().get(0));
        assertEquals(grey.dimension(), f.dimension());
        assertArrayEquals(grey.embed(sub.resolve("2.png")), f.vectors()[1], 1e-5f);

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("readme.md"), "no images");
        InvalidDatasetException none = assertThrows(InvalidDatasetException.class, () -> grey.embedFolder(empty, 4));
        assertTrue(none.getMessage().contains(empty.toString()), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> grey.embedFolder(dir, 0));
    }

    @Test
    void closingAWrappingEmbedderLeavesTheCallersEncoderUsable() throws Exception {
        BufferedImage a = pattern(16, 16, 0.4, 0.3);
        float[] before = grey.embed(a);
        try (ImageEmbedder other = ImageEmbedder.of(greyEncoder, grey.translator(), manager.getDevice())) {
            assertArrayEquals(before, other.embed(a), 0f);
        }
        assertArrayEquals(before, grey.embed(a), 0f);
    }

    @Test
    void embeddingLeavesNoArraysBehind() throws Exception {
        BufferedImage a = pattern(16, 16, 0.4, 0.3);
        rgb.embed(a);
        int before = manager.getManagedArrays().size();
        for (int i = 0; i < 3; i++) {
            rgb.embed(a);
            grey.embedImages(List.of(new BufferedImageFactory().fromImage(a)));
        }
        assertEquals(before, manager.getManagedArrays().size());
    }
}
