package io.github.djlssl.core.data;

import java.util.List;

/**
 * A finite, random-access collection of uint8 images in CHW layout, all of the same shape
 * {@code [channels(), height(), width()]}, with optional integer labels.
 *
 * <p>Implementations are immutable after construction and their reads are thread-safe, so {@link
 * BatchLoader} can fill batches from several worker threads at once. Images are raw pixel values
 * 0..255; conversion to float, normalisation and augmentation happen later, batched on the device.
 */
public interface ImageSource {

    /**
     * Returns the number of images.
     *
     * @return the size, &ge; 1
     */
    int size();

    /**
     * Returns the number of channels: 1 (grayscale) or 3 (RGB).
     *
     * @return C
     */
    int channels();

    /**
     * Returns the image height in pixels.
     *
     * @return H
     */
    int height();

    /**
     * Returns the image width in pixels.
     *
     * @return W
     */
    int width();

    /**
     * Returns the number of bytes of one image, {@code C * H * W}.
     *
     * @return the image size in bytes
     */
    default int imageBytes() {
        return channels() * height() * width();
    }

    /**
     * Returns whether images carry class labels.
     *
     * @return true for labelled sources
     */
    boolean hasLabels();

    /**
     * Returns the number of classes.
     *
     * @return K &ge; 1 for labelled sources, 0 when unlabelled
     */
    int numClasses();

    /**
     * Returns the class names, index {@code k} naming label {@code k}.
     *
     * @return an unmodifiable list of {@link #numClasses()} names; empty when unlabelled
     */
    List<String> classNames();

    /**
     * Copies image {@code index} as CHW uint8 into {@code dst[offset .. offset + imageBytes())}.
     *
     * @param index image index in {@code [0, size())}
     * @param dst destination array
     * @param offset where the image starts in {@code dst}
     * @throws IndexOutOfBoundsException if {@code index} or the destination range is out of bounds
     */
    void readImage(int index, byte[] dst, int offset);

    /**
     * Returns the label of image {@code index}.
     *
     * @param index image index in {@code [0, size())}
     * @return the class in {@code [0, numClasses())}, or -1 when unlabelled
     */
    int label(int index);

    /**
     * Returns a one-line description for logs, e.g. {@code "fashion-mnist train (60000 images,
     * 1x28x28, /usr/share/datasets/fashion-mnist)"}.
     *
     * @return the description
     */
    String description();

    /**
     * Returns a view over the first {@code maxSamples} images (or this source when it is not
     * larger). The view shares the pixel data, keeps labels and class names, and is as
     * thread-safe as this source.
     *
     * <p>The first N of Fashion-MNIST, MNIST and CIFAR-10 are roughly class-balanced, but an
     * {@link ImageFolderSource} is sorted by class, so its first N may cover only a few classes;
     * use {@link #subset(int[])} with a shuffled index list there.
     *
     * @param maxSamples the largest size of the view, &ge; 1
     * @return the view
     */
    default ImageSource limit(int maxSamples) {
        if (maxSamples <= 0) {
            throw new IllegalArgumentException("maxSamples must be >= 1, got " + maxSamples);
        }
        if (maxSamples >= size()) {
            return this;
        }
        int[] first = new int[maxSamples];
        for (int i = 0; i < maxSamples; i++) {
            first[i] = i;
        }
        return new ImageSourceView(this, first, "first " + maxSamples + " of ");
    }

    /**
     * Returns a view over the given images, in the given order: view index {@code i} is image
     * {@code indices[i]} of this source.
     *
     * @param indices image indices in {@code [0, size())}, at least one (copied)
     * @return the view
     */
    default ImageSource subset(int[] indices) {
        return new ImageSourceView(this, indices.clone(), indices.length + "-image subset of ");
    }
}
