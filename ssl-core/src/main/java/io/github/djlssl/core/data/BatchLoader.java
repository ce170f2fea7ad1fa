package io.github.djlssl.core.data;

import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.random.Rng;
import java.util.Objects;

/**
 * Splits an {@link ImageSource} into batches, epoch by epoch, assembling them on worker threads
 * ahead of the training step so loading overlaps compute.
 *
 * <p>The order of epoch {@code e} is a pure function of {@code (seed, e)}: a {@link Rng}
 * permutation when shuffling, the identity otherwise. A run resumed from a checkpoint at batch
 * {@code k} of epoch {@code e} calls {@link #epoch(int, NDManager, int)} and sees exactly the
 * batches the uninterrupted run would have seen.
 *
 * <p>Workers fill plain {@code byte[]}/{@code long[]} host batches (up to {@code prefetch} of them
 * in flight); the consuming thread turns each into NDArrays on its manager with one upload per
 * array, because DJL's {@code NDScope} and managers are not meant to be fed from other threads.
 *
 * <pre>{@code
 * BatchLoader loader = BatchLoader.builder(source).batchSize(256).shuffle(true).dropLast(true).seed(42).build();
 * try (EpochIterator it = loader.epoch(epoch, manager)) {
 *     for (ImageBatch batch : it) {
 *         try (batch) { ... batch.images() ... }
 *     }
 * }
 * }</pre>
 */
public final class BatchLoader {

    private final ImageSource source;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int prefetch;
    private final int workers;

    private BatchLoader(Builder b) {
        this.source = b.source;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.prefetch = b.prefetch;
        this.workers = b.workers;
        if (dropLast && source.size() < batchSize) {
            throw new IllegalArgumentException("dropLast with batchSize " + batchSize
                    + " leaves no batch of a source with " + source.size() + " images");
        }
    }

    /**
     * Starts a builder.
     *
     * @param source the images
     * @return a builder with batch size 64, no shuffle, no drop-last, seed 0, prefetch 2, 1 worker
     */
    public static Builder builder(ImageSource source) {
        return new Builder(source);
    }

    /**
     * Returns the source.
     *
     * @return the source
     */
    public ImageSource source() {
        return source;
    }

    /**
     * Returns the batch size.
     *
     * @return B
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Returns the number of batches of every epoch: {@code floor(N / B)} with drop-last, else
     * {@code ceil(N / B)}.
     *
     * @return the count
     */
    public int batchesPerEpoch() {
        int n = source.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * Returns the order in which epoch {@code epochIndex} visits the source's images.
     *
     * @param epochIndex the epoch, &ge; 0
     * @return a permutation of {@code 0..N-1} (the identity without shuffling)
     */
    public int[] epochOrder(int epochIndex) {
        if (epochIndex < 0) {
            throw new IllegalArgumentException("epochIndex must be >= 0, got " + epochIndex);
        }
        int n = source.size();
        if (!shuffle) {
            int[] identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
            return identity;
        }
        // One independent stream per epoch, derived only from (seed, epoch).
        return new Rng(seed + 0x9E3779B97F4A7C15L * (epochIndex + 1L)).split().permutation(n);
    }

    /**
     * Iterates over one whole epoch.
     *
     * @param epochIndex the epoch, &ge; 0
     * @param manager where the batches' NDArrays are created (its device is used)
     * @return the iterator; close it to stop its worker threads
     */
    public EpochIterator epoch(int epochIndex, NDManager manager) {
        return epoch(epochIndex, manager, 0);
    }

    /**
     * Iterates over epoch {@code epochIndex} from batch {@code startBatch} on, for exact
     * mid-epoch resume: the batches are those the full epoch yields at positions {@code
     * startBatch, startBatch + 1, ...}.
     *
     * @param epochIndex the epoch, &ge; 0
     * @param manager where the batches' NDArrays are created
     * @param startBatch first batch, in {@code [0, batchesPerEpoch()]}
     * @return the iterator; close it to stop its worker threads
     */
    public EpochIterator epoch(int epochIndex, NDManager manager, int startBatch) {
        Objects.requireNonNull(manager, "manager");
        if (startBatch < 0 || startBatch > batchesPerEpoch()) {
            throw new IllegalArgumentException("startBatch must be in [0, " + batchesPerEpoch()
                    + "], got " + startBatch);
        }
        return new EpochIterator(this, epochIndex, epochOrder(epochIndex), manager, startBatch, prefetch, workers);
    }

    /** Fills the host arrays of batch {@code batch} of an epoch with the given order. */
    HostBatch assemble(int[] order, int batch) {
        int from = batch * batchSize;
        int to = Math.min(order.length, from + batchSize);
        int b = to - from;
        int imageBytes = source.imageBytes();
        int[] indices = new int[b];
        byte[] pixels = new byte[b * imageBytes];
        long[] labels = new long[b];
        for (int j = 0; j < b; j++) {
            int index = order[from + j];
            indices[j] = index;
            source.readImage(index, pixels, j * imageBytes);
            labels[j] = source.label(index);
        }
        return new HostBatch(indices, pixels, labels);
    }

    /** Builder for {@link BatchLoader}. */
    public static final class Builder {
        private final ImageSource source;
        private int batchSize = 64;
        private boolean shuffle;
        private boolean dropLast;
        private long seed;
        private int prefetch = 2;
        private int workers = 1;

        private Builder(ImageSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /**
         * Sets the batch size (default 64).
         *
         * @param batchSize &ge; 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Shuffles every epoch with a permutation drawn from {@code (seed, epoch)} (default off).
         *
         * @param shuffle whether to shuffle
         * @return this builder
         */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Drops the last, smaller batch of every epoch (default off; turn on for training, where a
         * tiny batch upsets batch norm and contrastive losses).
         *
         * @param dropLast whether to drop the incomplete batch
         * @return this builder
         */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Sets the shuffle seed (default 0).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets how many batches are assembled ahead of the consumer (default 2). 0 assembles each
         * batch on the consuming thread when it is requested, with no worker threads.
         *
         * @param prefetch &ge; 0
         * @return this builder
         */
        public Builder prefetch(int prefetch) {
            if (prefetch < 0) {
                throw new IllegalArgumentException("prefetch must be >= 0, got " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        /**
         * Sets the number of worker threads (default 1). More than one helps when reads are
         * expensive (e.g. synthetic generation); the in-memory sources copy at memory speed.
         * At most {@code max(prefetch, workers)} batches are in flight.
         *
         * @param workers &ge; 1
         * @return this builder
         */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * Builds the loader.
         *
         * @return the loader
         * @throws IllegalArgumentException if drop-last is on and the source is smaller than one batch
         */
        public BatchLoader build() {
            return new BatchLoader(this);
        }
    }
}
