package io.github.djlssl.core.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one JPEG or PNG file into a square CHW uint8 image: centre square crop, resize to the
 * target size, then grayscale or RGB.
 *
 * <p>Resizing matches "resize the shorter side to S, centre-crop S x S": the centred square of
 * side {@code min(w, h)} is cut first, then scaled. Downscaling halves the image repeatedly with
 * bilinear filtering (an exact 2x2 box average at factor 2) until it is less than twice the
 * target, then does one bilinear step; this approximates area averaging without its cost and
 * avoids the aliasing of a single large bilinear step. Upscaling is one bilinear step.
 *
 * <p>Colour handling follows PIL's {@code convert}: alpha is dropped (stored colour kept);
 * grayscale files keep their stored gray levels (no colour-space gamma conversion, which Java2D
 * would otherwise apply to linear-gray PNGs); RGB to gray uses ITU-R 601 luma {@code (299 R + 587
 * G + 114 B) / 1000}, rounded.
 *
 * <p>Public so that every consumer of images (folder datasets, the embedding translator of {@code
 * core.embed}) goes through this one pipeline and sees identical pixels for identical files.
 */
public final class ImageDecoder {

    /** Refuse images above this many pixels before decoding them (a decompression bomb guard). */
    static final long MAX_PIXELS = 1L << 28;

    private ImageDecoder() {}

    /**
     * Decodes {@code file} into {@code channels x size x size} bytes.
     *
     * @param file a JPEG or PNG file
     * @param size the side of the square output in pixels
     * @param channels 1 (luma) or 3 (RGB)
     * @return CHW uint8 pixels, {@code channels * size * size} bytes
     * @throws IOException if the file is not a decodable image or is larger than {@link #MAX_PIXELS}
     */
    public static byte[] decode(Path file, int size, int channels) throws IOException {
        return decode(read(file), size, channels);
    }

    /**
     * Converts an in-memory image into {@code channels x size x size} bytes exactly as {@link
     * #decode(Path, int, int)} converts a file: to RGB, centre square crop, resize, then luma or RGB
     * planes.
     *
     * @param image any BufferedImage (grayscale, RGB, with or without alpha)
     * @param size the side of the square output in pixels, &ge; 1
     * @param channels 1 (luma) or 3 (RGB)
     * @return CHW uint8 pixels, {@code channels * size * size} bytes
     */
    public static byte[] decode(BufferedImage image, int size, int channels) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        return toChw(resizeSquare(toRgb(image), size), channels);
    }

    /**
     * Reads a JPEG or PNG file without converting it.
     *
     * @param file the file
     * @return the decoded image as stored (gray, RGB, indexed, with alpha, ...)
     * @throws IOException if the file is not a decodable image or is larger than {@link #MAX_PIXELS}
     */
    public static BufferedImage read(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open the file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not a JPEG or PNG image (no decoder recognises it)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS || pixels <= 0) {
                    throw new IOException("refusing to decode a " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " image (more than " + MAX_PIXELS + " pixels)");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new IOException("the decoder returned no image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        }
    }

    /** Converts to TYPE_INT_RGB keeping stored values (see class comment). */
    static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        ColorModel cm = src.getColorModel();
        int[] row = new int[w];
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = src.getRaster();
            int bits = cm.getComponentSize(0);
            int[] samples = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, samples);
                for (int x = 0; x < w; x++) {
                    int v = scaleTo8Bits(samples[x], bits);
                    row[x] = (v << 16) | (v << 8) | v;
                }
                dst.setRGB(0, y, w, 1, row, 0, w);
            }
        } else {
            for (int y = 0; y < h; y++) {
                src.getRGB(0, y, w, 1, row, 0, w);
                dst.setRGB(0, y, w, 1, row, 0, w); // TYPE_INT_RGB ignores the alpha byte
            }
        }
        return dst;
    }

    private static int scaleTo8Bits(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        if (bits > 8) {
            return sample >>> (bits - 8);
        }
        return sample * 255 / ((1 << bits) - 1);
    }

    /** Centre square crop, then progressive bilinear resize to {@code size x size}. */
    static BufferedImage resizeSquare(BufferedImage rgb, int size) {
        int side = Math.min(rgb.getWidth(), rgb.getHeight());
        BufferedImage current = rgb.getSubimage(
                (rgb.getWidth() - side) / 2, (rgb.getHeight() - side) / 2, side, side);
        if (side == size) {
            return current;
        }
        while (side / 2 >= size) {
            side /= 2;
            current = scale(current, side);
        }
        return side == size ? current : scale(current, size);
    }

    private static BufferedImage scale(BufferedImage src, int size) {
        BufferedImage dst = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, size, size, 0, 0, src.getWidth(), src.getHeight(), null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    /** Extracts CHW bytes: RGB planes, or one luma plane. */
    static byte[] toChw(BufferedImage square, int channels) {
        int w = square.getWidth();
        int h = square.getHeight();
        int plane = w * h;
        int[] argb = square.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[channels * plane];
        for (int i = 0; i < plane; i++) {
            int r = (argb[i] >>> 16) & 0xFF;
            int g = (argb[i] >>> 8) & 0xFF;
            int b = argb[i] & 0xFF;
            if (channels == 3) {
                out[i] = (byte) r;
                out[plane + i] = (byte) g;
                out[2 * plane + i] = (byte) b;
            } else {
                out[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
            }
        }
        return out;
    }
}
