package io.github.djlssl.jointembed.swav;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * SwAV's feature queue for small batches (Caron et al. 2020, §4.3 and Appendix; {@code
 * queue_length} in {@code main_swav.py}): the projections of the last L images of each crop used
 * for assignment, newest first. Their prototype scores join the batch's before Sinkhorn-Knopp, so
 * the equipartition constraint acts on L + B samples instead of B.
 *
 * <p>State lives in two arrays on the method's manager, saved and restored in place through {@link
 * #stateArrays()}: the features {@code [crops, L, D]} and the number of valid rows (an int64
 * scalar). As in the reference code the queue is only used once it is full.
 */
public final class FeatureQueue implements AutoCloseable {

    private static final NDIndex ALL = new NDIndex("...");

    private final NDArray features;
    private final NDArray filled;
    private final int length;

    /**
     * Creates an empty queue.
     *
     * @param manager owner of the state arrays (lives as long as the method)
     * @param crops number of crops with a queue (the crops used for assignment, 2)
     * @param length L, rows per crop
     * @param dim D, the projection width
     */
    public FeatureQueue(NDManager manager, int crops, int length, int dim) {
        if (crops < 1 || length < 1 || dim < 1) {
            throw new IllegalArgumentException(
                    "crops, length and dim must be >= 1, got "
                            + crops
                            + ", "
                            + length
                            + ", "
                            + dim);
        }
        this.length = length;
        this.features = manager.zeros(new Shape(crops, length, dim));
        this.features.setName("swav.queue");
        this.filled = manager.create(0L);
        this.filled.setName("swav.queue_filled");
    }

    /**
     * Returns L.
     *
     * @return rows per crop
     */
    public int length() {
        return length;
    }

    /**
     * Returns the number of valid rows per crop (one device sync).
     *
     * @return 0 … L
     */
    public long size() {
        return filled.getLong();
    }

    /**
     * Returns whether every row holds a real projection (one device sync).
     *
     * @return true once L rows were pushed
     */
    public boolean isFull() {
        return size() >= length;
    }

    /**
     * Returns the queued projections of one crop.
     *
     * @param crop which assignment crop
     * @param manager receives the returned slice
     * @return {@code [L, D]}, newest first
     */
    public NDArray rows(int crop, NDManager manager) {
        NDArray r = features.get(new NDIndex().addIndices(crop));
        r.attach(manager);
        return r;
    }

    /**
     * Pushes the newest projections in front and drops the oldest (in place).
     *
     * @param newest {@code [crops, B, D]}; not modified
     */
    public void push(NDArray newest) {
        Shape s = newest.getShape();
        Shape f = features.getShape();
        if (s.dimension() != 3 || s.get(0) != f.get(0) || s.get(2) != f.get(2)) {
            throw new IllegalArgumentException(
                    "expected [" + f.get(0) + ", B, " + f.get(2) + "], got " + s);
        }
        long b = s.get(1);
        try (NDManager scope = newest.getManager().newSubManager()) {
            NDArray src = newest.stopGradient().toDevice(features.getDevice(), false);
            src.attach(scope);
            NDArray kept =
                    features.get(new NDIndex().addAllDim().addSliceDim(0, Math.max(0, length - b)));
            kept.attach(scope);
            NDArray next = src.concat(kept, 1);
            if (b > length) {
                next = next.get(new NDIndex().addAllDim().addSliceDim(0, length));
            }
            features.set(ALL, next);
            long n = Math.min(length, filled.getLong() + b);
            NDArray count = scope.create(n).toDevice(filled.getDevice(), false);
            count.attach(scope);
            filled.set(ALL, count);
        }
    }

    /**
     * Returns the arrays a checkpoint saves and restores in place.
     *
     * @return {@code swav.queue} and {@code swav.queue_filled}
     */
    public NDList stateArrays() {
        return new NDList(features, filled);
    }

    @Override
    public void close() {
        features.close();
        filled.close();
    }
}
