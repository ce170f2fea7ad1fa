package io.github.djlssl.jointembed.moco;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;

/**
 * MoCo's dictionary of negative keys (He et al. 2020, §3.1; v2 keeps it): a FIFO ring of {@code K}
 * L2-normalised keys {@code [K, D]}. Each step's keys overwrite the oldest ones, starting at a
 * pointer that advances by the batch size and wraps around (the official {@code
 * _dequeue_and_enqueue}, without its requirement that K be a multiple of the batch).
 *
 * <p>The queue owns its arrays on the method's long-lived manager and updates them in place, so
 * {@link #stateArrays()} can hand them to a checkpoint that restores them in place; the pointer is
 * an {@code int64} array for that reason.
 */
public final class MoCoQueue implements AutoCloseable {

    private final NDArray keys;
    private final NDArray pointer;
    private final int size;
    private final int dim;

    /**
     * Creates a queue of random unit keys, as the official code does ({@code randn} normalised).
     *
     * @param manager the long-lived owner of the queue
     * @param size K
     * @param dim D, the projection width
     * @param rng draws the initial keys (so runs are reproducible)
     */
    public MoCoQueue(NDManager manager, int size, int dim, Rng rng) {
        if (size < 1 || dim < 1) {
            throw new IllegalArgumentException("queue size and dim must be >= 1, got " + size + " and " + dim);
        }
        this.size = size;
        this.dim = dim;
        try (NDManager tmp = manager.newSubManager()) {
            // Box–Muller on two uniform arrays: Gaussian entries make the initial keys uniform on
            // the sphere. u1 in (0, 1] keeps the log finite.
            Shape shape = new Shape(size, dim);
            NDArray u1 = rng.uniform(tmp, shape, 0, 1).neg().add(1f);
            NDArray u2 = rng.uniform(tmp, shape, 0, 1);
            NDArray gauss = u1.log().mul(-2f).sqrt().mul(u2.mul((float) (2 * Math.PI)).cos());
            NDArray unit = gauss.normalize(2, 1, 1e-12);
            unit.attach(manager);
            this.keys = unit;
        }
        this.keys.setName("moco/queue");
        this.pointer = manager.create(new long[] {0});
        this.pointer.setName("moco/queue_pointer");
    }

    /**
     * Returns the keys, for the loss: {@code [K, D]}, each row unit length. Read-only for callers.
     *
     * @return the live queue array (not a copy)
     */
    public NDArray keys() {
        return keys;
    }

    /**
     * Returns K.
     *
     * @return the number of keys
     */
    public int size() {
        return size;
    }

    /**
     * Returns where the next enqueue writes (one host sync).
     *
     * @return the index of the oldest key, in [0, K)
     */
    public long pointer() {
        // getLong(0) would leave a 0-d view on the queue's manager.
        return pointer.toLongArray()[0];
    }

    /**
     * Writes a batch of keys over the oldest ones and advances the pointer, wrapping at K. Keys are
     * normalised here, so the queue's unit-length invariant does not depend on the caller.
     *
     * @param batch keys {@code [B, D]} with {@code B ≤ K}, no gradient needed
     */
    public void enqueue(NDArray batch) {
        long b = batch.getShape().get(0);
        if (batch.getShape().dimension() != 2 || batch.getShape().get(1) != dim) {
            throw new IllegalArgumentException("expected keys [B, " + dim + "], got " + batch.getShape());
        }
        if (b > size) {
            throw new IllegalArgumentException("batch of " + b + " keys exceeds the queue size " + size);
        }
        long ptr = pointer();
        try (NDManager tmp = keys.getManager().newSubManager(keys.getDevice())) {
            NDArray unit = batch.toDevice(keys.getDevice(), false).normalize(2, 1, 1e-12);
            unit.attach(tmp);
            long first = Math.min(b, size - ptr);
            keys.set(new NDIndex().addSliceDim(ptr, ptr + first), unit.get(new NDIndex().addSliceDim(0, first)));
            if (first < b) {
                keys.set(new NDIndex().addSliceDim(0, b - first), unit.get(new NDIndex().addSliceDim(first, b)));
            }
            // set(index, Number) would leave its operand array on the queue's manager.
            pointer.set(new NDIndex(0), tmp.create((ptr + b) % size));
        }
    }

    /**
     * Returns the arrays a checkpoint must hold, named {@code moco/queue} and {@code
     * moco/queue_pointer}; restoring writes into them in place.
     *
     * @return keys and pointer
     */
    public NDList stateArrays() {
        return new NDList(keys, pointer);
    }

    @Override
    public void close() {
        keys.close();
        pointer.close();
    }
}
