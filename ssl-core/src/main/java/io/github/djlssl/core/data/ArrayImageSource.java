package io.github.djlssl.core.data;

import java.util.List;
import java.util.Objects;

/**
 * An image source held in memory as one byte array of all images back to back (CHW each) and one
 * byte per label. Read-only after construction, hence thread-safe.
 */
abstract class ArrayImageSource implements ImageSource {

    private final byte[] pixels;
    private final byte[] labels;
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final int imageBytes;
    private final List<String> classNames;

    ArrayImageSource(
            byte[] pixels, byte[] labels, int channels, int height, int width, List<String> classNames) {
        this.imageBytes = channels * height * width;
        this.size = pixels.length / imageBytes;
        if ((long) size * imageBytes != pixels.length || (labels != null && labels.length != size)) {
            throw new IllegalArgumentException("pixel and label arrays disagree on the image count");
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = labels == null ? List.of() : List.copyOf(classNames);
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final int channels() {
        return channels;
    }

    @Override
    public final int height() {
        return height;
    }

    @Override
    public final int width() {
        return width;
    }

    @Override
    public final int imageBytes() {
        return imageBytes;
    }

    @Override
    public final boolean hasLabels() {
        return labels != null;
    }

    @Override
    public final int numClasses() {
        return classNames.size();
    }

    @Override
    public final List<String> classNames() {
        return classNames;
    }

    @Override
    public final void readImage(int index, byte[] dst, int offset) {
        Objects.checkIndex(index, size);
        System.arraycopy(pixels, index * imageBytes, dst, offset, imageBytes);
    }

    @Override
    public final int label(int index) {
        Objects.checkIndex(index, size);
        return labels == null ? -1 : labels[index] & 0xFF;
    }

    /** Returns {@code "name (N images, CxHxW, location)"}. */
    final String describe(String name, Object location) {
        return String.format(
                "%s (%d images, %dx%dx%d, %s)", name, size, channels, height, width, location);
    }

    /**
     * Checks every label against the class count, naming the first bad one.
     *
     * @throws InvalidDatasetException if a label is out of range
     */
    static void checkLabels(DatasetFile file, byte[] labels, int offset, int stride, int numClasses)
            throws InvalidDatasetException {
        for (int i = offset, n = 0; i < labels.length; i += stride, n++) {
            int label = labels[i] & 0xFF;
            if (label >= numClasses) {
                throw new InvalidDatasetException(
                        file.path(),
                        "label " + label + " of record " + n + " is out of range [0, " + numClasses + ")");
            }
        }
    }
}
