package io.github.djlssl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {

    @TempDir Path tmp;

    @Test
    void labelledFolderReadsPngPixelExactAndSortsClasses() throws IOException {
        DatasetFixtures.write(DatasetFixtures.rgbImage(8, 8, 1), tmp.resolve("zebra/b.png"));
        DatasetFixtures.write(DatasetFixtures.rgbImage(8, 8, 2), tmp.resolve("zebra/a.PNG"));
        DatasetFixtures.write(DatasetFixtures.rgbImage(8, 8, 3), tmp.resolve("ant/nested/x.png"));
        Files.writeString(tmp.resolve("ant/readme.txt"), "not an image");
        ImageFolderSource s = ImageFolderSource.builder(tmp).imageSize(8).channels(3).threads(2).build();
        assertEquals(List.of("ant", "zebra"), s.classNames());
        assertEquals(3, s.size());
        assertEquals(0, s.skippedFiles());
        assertEquals(List.of(0, 1, 1), List.of(s.label(0), s.label(1), s.label(2)));
        // Sorted by path: ant/nested/x.png, zebra/a.PNG, zebra/b.png.
        int[] seeds = {3, 2, 1};
        byte[] dst = new byte[3 * 64];
        for (int i = 0; i < 3; i++) {
            s.readImage(i, dst, 0);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int rgb = DatasetFixtures.rgb(x, y, seeds[i]);
                    int p = y * 8 + x;
                    assertEquals((rgb >> 16) & 0xFF, dst[p] & 0xFF);
                    assertEquals((rgb >> 8) & 0xFF, dst[64 + p] & 0xFF);
                    assertEquals(rgb & 0xFF, dst[128 + p] & 0xFF);
                }
            }
        }
        assertTrue(s.description().contains("3 images, 3x8x8, 2 classes"), s.description());
    }

    @Test
    void grayscaleFilesKeepStoredLevelsAndRgbBecomesLuma() throws IOException {
        BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 16; i++) {
            gray.getRaster().setSample(i % 4, i / 4, 0, i * 16);
        }
        DatasetFixtures.write(gray, tmp.resolve("g/gray.png"));
        DatasetFixtures.write(DatasetFixtures.solid(4, 4, 0x804020), tmp.resolve("g/rgb.png"));
        ImageFolderSource one = ImageFolderSource.builder(tmp.resolve("g")).labelled(false).imageSize(4).channels(1).build();
        assertFalse(one.hasLabels());
        assertEquals(-1, one.label(0));
        assertEquals(0, one.numClasses());
        byte[] dst = new byte[16];
        one.readImage(0, dst, 0);
        for (int i = 0; i < 16; i++) {
            assertEquals(i * 16, dst[i] & 0xFF, "no gamma conversion of linear-gray PNGs");
        }
        one.readImage(1, dst, 0);
        int luma = (299 * 0x80 + 587 * 0x40 + 114 * 0x20 + 500) / 1000;
        assertEquals(luma, dst[5] & 0xFF);

        ImageFolderSource three = ImageFolderSource.builder(tmp.resolve("g")).labelled(false).imageSize(4).build();
        byte[] rgb = new byte[48];
        three.readImage(0, rgb, 0);
        assertEquals(5 * 16, rgb[5] & 0xFF);
        assertEquals(5 * 16, rgb[16 + 5] & 0xFF);
        assertEquals(5 * 16, rgb[32 + 5] & 0xFF);
    }

    @Test
    void resizesShorterSideAndCentreCrops() throws IOException {
        // 60x20: red 20-px bands left and right, a blue square in the centre.
        BufferedImage wide = DatasetFixtures.solid(60, 20, 0xFF0000);
        for (int y = 0; y < 20; y++) {
            for (int x = 20; x < 40; x++) {
                wide.setRGB(x, y, 0x0000FF);
            }
        }
        DatasetFixtures.write(wide, tmp.resolve("w/wide.png"));
        DatasetFixtures.write(DatasetFixtures.solid(80, 80, 0x33AA55), tmp.resolve("w/big.png"));
        ImageFolderSource s = ImageFolderSource.builder(tmp.resolve("w")).labelled(false).imageSize(5).build();
        byte[] dst = new byte[75];
        s.readImage(1, dst, 0); // wide.png sorts after big.png
        for (int p = 0; p < 25; p++) {
            assertEquals(0, dst[p] & 0xFF, "no red from the cropped bands");
            assertEquals(255, dst[50 + p] & 0xFF);
        }
        s.readImage(0, dst, 0); // 80 -> 40 -> 20 -> 10 -> 5 keeps a solid colour solid
        for (int p = 0; p < 25; p++) {
            assertEquals(0x33, dst[p] & 0xFF);
            assertEquals(0xAA, dst[25 + p] & 0xFF);
            assertEquals(0x55, dst[50 + p] & 0xFF);
        }
    }

    @Test
    void downscalingAveragesInsteadOfAliasing() throws IOException {
        // A 1-px black/white checkerboard at 64 px averages to mid-gray at 8 px.
        BufferedImage checker = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                checker.setRGB(x, y, ((x + y) & 1) == 0 ? 0xFFFFFF : 0);
            }
        }
        DatasetFixtures.write(checker, tmp.resolve("c/checker.png"));
        ImageFolderSource s = ImageFolderSource.builder(tmp.resolve("c")).labelled(false).imageSize(8).channels(1).build();
        byte[] dst = new byte[64];
        s.readImage(0, dst, 0);
        for (byte b : dst) {
            assertEquals(127.5, b & 0xFF, 3.0);
        }
    }

    @Test
    void jpegIsDecodedApproximately() throws IOException {
        DatasetFixtures.write(DatasetFixtures.solid(16, 16, 0x8040C0), tmp.resolve("cls/a.jpg"));
        ImageFolderSource s = ImageFolderSource.builder(tmp).imageSize(16).build();
        byte[] dst = new byte[3 * 256];
        s.readImage(0, dst, 0);
        assertEquals(0x80, dst[100] & 0xFF, 6);
        assertEquals(0x40, dst[256 + 100] & 0xFF, 6);
        assertEquals(0xC0, dst[512 + 100] & 0xFF, 6);
    }

    @Test
    void corruptFilesAreSkippedAndCounted() throws IOException {
        DatasetFixtures.write(DatasetFixtures.rgbImage(8, 8, 1), tmp.resolve("a/good.png"));
        DatasetFixtures.write(DatasetFixtures.rgbImage(8, 8, 2), tmp.resolve("b/good.jpg"));
        Files.write(tmp.resolve("a/garbage.png"), new byte[] {1, 2, 3, 4, 5});
        DatasetFixtures.write(DatasetFixtures.rgbImage(32, 32, 2), tmp.resolve("b/cut.png"));
        byte[] png = Files.readAllBytes(tmp.resolve("b/cut.png"));
        Files.write(tmp.resolve("b/cut.png"), Arrays.copyOf(png, png.length / 2));
        Files.write(tmp.resolve("b/empty.jpeg"), new byte[0]);
        ImageFolderSource s = ImageFolderSource.builder(tmp).imageSize(8).build();
        assertEquals(3, s.skippedFiles());
        assertEquals(2, s.size());
        assertEquals(0, s.label(0));
        assertEquals(1, s.label(1));
        assertTrue(s.description().contains("3 corrupt files skipped"), s.description());
    }

    @Test
    void emptyMissingAndAllCorruptFoldersFailWithClearMessages() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> ImageFolderSource.builder(empty).build());
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("empty image folder"),
                e.getMessage());
        assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());
        e = assertThrows(InvalidDatasetException.class, () -> ImageFolderSource.builder(empty).labelled(false).build());
        assertTrue(e.getMessage().contains("empty image folder: no images"), e.getMessage());

        DatasetNotFoundException nf = assertThrows(DatasetNotFoundException.class,
                () -> ImageFolderSource.builder(tmp.resolve("missing")).build());
        assertTrue(nf.getMessage().contains("missing") && nf.getMessage().contains("does not exist"), nf.getMessage());

        Files.createDirectories(tmp.resolve("bad/x"));
        Files.write(tmp.resolve("bad/x/a.png"), new byte[0]);
        e = assertThrows(InvalidDatasetException.class, () -> ImageFolderSource.builder(tmp.resolve("bad")).build());
        assertTrue(e.getMessage().contains("none of the 1 image files could be decoded") && e.getMessage().contains("a.png"),
                e.getMessage());
    }

    @Test
    void builderValidatesArguments() {
        ImageFolderSource.Builder b = ImageFolderSource.builder(tmp);
        assertThrows(IllegalArgumentException.class, () -> b.channels(2));
        assertThrows(IllegalArgumentException.class, () -> b.imageSize(0));
        assertThrows(IllegalArgumentException.class, () -> b.threads(0));
    }
}
