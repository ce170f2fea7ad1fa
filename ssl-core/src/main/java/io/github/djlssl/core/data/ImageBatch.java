package io.github.djlssl.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

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
     * Reads a whole source into one batch (evaluation sets, kNN banks): one host buffer, one
     * upload. Holds {@code size() × imageBytes()} bytes, e.g. 47 MB for Fashion-MNIST train.
     *
     * @param source the images
     * @param manager owner of the arrays (its device is used)
     * @return all images in source order, labels -1 where unlabelled
     */
    public static ImageBatch readAll(ImageSource source, NDManager manager) {
        int n = source.size();
        int bytes = source.imageBytes();
        byte[] pixels = new byte[Math.multiplyExact(n, bytes)];
        long[] labels = new long[n];
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            source.readImage(i, pixels, i * bytes);
            labels[i] = source.label(i);
            indices[i] = i;
        }
        Shape shape = new Shape(n, source.channels(), source.height(), source.width());
        NDArray images = manager.create(ByteBuffer.wrap(pixels), shape, DataType.UINT8);
        return new ImageBatch(images, manager.create(labels), indices);
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
