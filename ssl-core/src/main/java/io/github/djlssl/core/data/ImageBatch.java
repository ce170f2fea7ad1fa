package io.github.djlssl.core.data;

import ai.djl.ndarray.NDArray;

/**
 * One batch of images as NDArrays: uint8 pixels {@code [B, C, H, W]}, int64 labels {@code [B]}
 * (-1 for unlabelled sources) and the source indices of its images. Closing it frees both arrays.
 */
public final class ImageBatch implements AutoCloseable {

    private final NDArray images;
    private final NDArray labels;
    private final int[] indices;

    /**
     * Creates a batch; it takes ownership of the arrays.
     *
     * @param images uint8 {@code [B, C, H, W]}
     * @param labels int64 {@code [B]}
     * @param indices source index of each image, length B
     */
    public ImageBatch(NDArray images, NDArray labels, int[] indices) {
        this.images = images;
        this.labels = labels;
        this.indices = indices;
    }

    /**
     * Returns the images.
     *
     * @return uint8 {@code [B, C, H, W]}, raw pixel values 0..255
     */
    public NDArray images() {
        return images;
    }

    /**
     * Returns the labels.
     *
     * @return int64 {@code [B]}; -1 where the source is unlabelled
     */
    public NDArray labels() {
        return labels;
    }

    /**
     * Returns the source index of each image.
     *
     * @return a copy, length B
     */
    public int[] indices() {
        return indices.clone();
    }

    /**
     * Returns the number of images.
     *
     * @return B
     */
    public int size() {
        return indices.length;
    }

    /** Frees the images and labels. */
    @Override
    public void close() {
        images.close();
        labels.close();
    }
}
