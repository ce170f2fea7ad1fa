package io.github.djlssl.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Checks that a PNG is a real chart: decodable, the requested size, not one flat colour. */
final class Pngs {

    private Pngs() {}

    static BufferedImage assertChart(Path file, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " was not written");
        assertTrue(Files.notExists(file.resolveSibling(file.getFileName() + ".tmp")), "temporary file left behind");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is not a decodable image");
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        assertTrue(lumaVariance(image) > 100, "the image is (almost) blank: luma variance " + lumaVariance(image));
        assertTrue(whiteFraction(image) > 0.5, "a white background: " + whiteFraction(image));
        return image;
    }

    /** Variance of 0-255 luma over all pixels. */
    static double lumaVariance(BufferedImage image) {
        double sum = 0;
        double sumSq = 0;
        long n = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double luma = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += luma;
                sumSq += luma * luma;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    /** Fraction of pure white pixels. */
    static double whiteFraction(BufferedImage image) {
        long white = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF) {
                    white++;
                }
            }
        }
        return (double) white / ((long) image.getWidth() * image.getHeight());
    }

    /** Whether any pixel is close to a colour (channel distance at most 12). */
    static boolean contains(BufferedImage image, java.awt.Color colour) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xFF) - colour.getRed()) <= 12
                        && Math.abs(((rgb >> 8) & 0xFF) - colour.getGreen()) <= 12
                        && Math.abs((rgb & 0xFF) - colour.getBlue()) <= 12) {
                    return true;
                }
            }
        }
        return false;
    }
}
