package io.github.djlssl.core.data;

import io.github.djlssl.core.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Deterministic generated images with labels, for tests and smoke runs without data on disk.
 *
 * <p>Image {@code i} has label {@code i % numClasses} (balanced classes) and shows a sinusoidal
 * grating whose class fixes the orientation (4 directions, 45 degrees apart), the spatial frequency
 * (2, 3.5 or 5 cycles per image; the next 4 classes use the next frequency) and, for RGB, a colour
 * tint (hue {@code k / numClasses}). Each image then draws its own phase, small orientation and
 * frequency jitter, contrast, brightness and per-pixel noise from {@code Rng(seed, i)}. Class
 * identity therefore survives crops, flips and moderate colour jitter, so a short SSL run can learn
 * it and kNN accuracy on the result is meaningful; pixels themselves differ between all images. The
 * class look depends only on the class index, not on the seed, so a train source and a test source
 * with different seeds share classes. Grayscale sources distinguish up to 12 classes (orientation x
 * frequency); RGB sources add colour.
 *
 * <p>Images are generated on every read (no memory held) and reads are thread-safe.
 */
public final class SyntheticImageSource implements ImageSource {

    private static final double[] CYCLES = {2.0, 3.5, 5.0};
    private static final double TINT = 0.3;
    private static final double AMPLITUDE = 0.35;
    private static final double NOISE = 0.08;

    private final int size;
    private final int channels;
    private final int imageSize;
    private final int numClasses;
    private final long seed;
    private final double[] theta;
    private final double[] cycles;
    private final double[][] colour;
    private final List<String> classNames;

    /**
     * Creates the source.
     *
     * @param size number of images, &ge; 1
     * @param channels 1 or 3
     * @param imageSize side of the square images, &ge; 4
     * @param numClasses number of classes, &ge; 1
     * @param seed seeds the per-image variation (not the class look)
     */
    public SyntheticImageSource(int size, int channels, int imageSize, int numClasses, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (imageSize < 4) {
            throw new IllegalArgumentException("imageSize must be >= 4, got " + imageSize);
        }
        if (numClasses < 1 || numClasses > 255) {
            throw new IllegalArgumentException("numClasses must be in [1, 255], got " + numClasses);
        }
        this.size = size;
        this.channels = channels;
        this.imageSize = imageSize;
        this.numClasses = numClasses;
        this.seed = seed;
        int orientations = Math.min(numClasses, 4);
        theta = new double[numClasses];
        cycles = new double[numClasses];
        colour = new double[numClasses][];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < numClasses; k++) {
            theta[k] = Math.PI * (k % orientations) / orientations;
            cycles[k] = CYCLES[(k / orientations) % CYCLES.length];
            colour[k] = hueToRgb((double) k / numClasses);
            names.add("class" + k);
        }
        this.classNames = List.copyOf(names);
    }

    private static double[] hueToRgb(double hue) {
        double[] rgb = new double[3];
        for (int c = 0; c < 3; c++) {
            // HSV to RGB with S = V = 1: f(n) = 1 - max(0, min(k, 4 - k, 1)), k = (n + 6 hue) mod 6, n = 5, 3, 1.
            double k = (5 - 2 * c + hue * 6) % 6;
            rgb[c] = 1 - Math.max(0, Math.min(k, Math.min(4 - k, 1)));
        }
        return rgb;
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        Objects.checkIndex(index, size);
        Objects.checkFromIndexSize(offset, imageBytes(), dst.length);
        int k = label(index);
        Rng rng = new Rng(seed ^ (index * 0xD1B54A32D192ED03L)).split();
        double th = theta[k] + rng.uniform(-Math.PI / 24, Math.PI / 24);
        double cyc = cycles[k] * rng.uniform(0.9, 1.1);
        double phase = rng.uniform(0, 2 * Math.PI);
        double contrast = rng.uniform(0.6, 1.0);
        double brightness = rng.uniform(-0.08, 0.08);
        int s = imageSize;
        double a = 2 * Math.PI * cyc * Math.cos(th) / s;
        double b = 2 * Math.PI * cyc * Math.sin(th) / s;
        // sin(a x + b y + phase) = sin(a x) cos(b y + phase) + cos(a x) sin(b y + phase): 2(H + W) trig calls.
        double[] sx = new double[s];
        double[] cx = new double[s];
        double[] sy = new double[s];
        double[] cy = new double[s];
        for (int i = 0; i < s; i++) {
            sx[i] = Math.sin(a * i);
            cx[i] = Math.cos(a * i);
            sy[i] = Math.sin(b * i + phase);
            cy[i] = Math.cos(b * i + phase);
        }
        int plane = s * s;
        for (int c = 0; c < channels; c++) {
            double base = 0.5 + brightness + (channels == 3 ? TINT * (colour[k][c] - 0.5) : 0);
            double amp = AMPLITUDE * contrast;
            for (int y = 0; y < s; y++) {
                int row = offset + c * plane + y * s;
                for (int x = 0; x < s; x++) {
                    double g = sx[x] * cy[y] + cx[x] * sy[y];
                    double v = base + amp * g + NOISE * (2 * rng.nextDouble() - 1);
                    dst[row + x] = (byte) Math.round(255 * Math.max(0, Math.min(1, v)));
                }
            }
        }
    }

    @Override
    public int label(int index) {
        Objects.checkIndex(index, size);
        return index % numClasses;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return imageSize;
    }

    @Override
    public int width() {
        return imageSize;
    }

    @Override
    public boolean hasLabels() {
        return true;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public String description() {
        return String.format("synthetic (%d images, %dx%dx%d, %d classes, seed %d)",
                size, channels, imageSize, imageSize, numClasses, seed);
    }
}
