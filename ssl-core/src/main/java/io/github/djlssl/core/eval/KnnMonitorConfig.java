package io.github.djlssl.core.eval;

import java.util.Objects;

/**
 * Settings of the {@link KnnMonitor} the trainer runs during pretraining.
 *
 * @param everyEpochs evaluate after every this many completed epochs, &gt; 0
 * @param maxTrain at most this many training images form the memory bank, &gt; 0 (a seeded random
 *     subset, fixed for the whole run so that numbers are comparable across epochs)
 * @param maxTest at most this many test images are classified, &gt; 0 (likewise a fixed subset)
 * @param batchSize images per encoder forward pass, &gt; 0
 * @param knn the kNN protocol
 * @param seed seed of the subset choice
 */
public record KnnMonitorConfig(
        int everyEpochs, int maxTrain, int maxTest, int batchSize, KnnConfig knn, long seed) {

    /** Validates the fields. */
    public KnnMonitorConfig {
        if (everyEpochs <= 0) {
            throw new IllegalArgumentException("everyEpochs must be > 0, got " + everyEpochs);
        }
        if (maxTrain <= 0) {
            throw new IllegalArgumentException("maxTrain must be > 0, got " + maxTrain);
        }
        if (maxTest <= 0) {
            throw new IllegalArgumentException("maxTest must be > 0, got " + maxTest);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        Objects.requireNonNull(knn, "knn");
    }

    /**
     * Returns the defaults: every 5 epochs, 10 000 bank images, 2 000 test images, batch 256, the
     * benchmark kNN protocol (k = 200, T = 0.1), seed 0.
     *
     * @return the defaults
     */
    public static KnnMonitorConfig defaults() {
        return new KnnMonitorConfig(5, 10_000, 2_000, 256, KnnConfig.defaults(), 0L);
    }

    /**
     * Returns a copy with another period.
     *
     * @param newEveryEpochs evaluate every this many epochs
     * @return the copy
     */
    public KnnMonitorConfig withEveryEpochs(int newEveryEpochs) {
        return new KnnMonitorConfig(newEveryEpochs, maxTrain, maxTest, batchSize, knn, seed);
    }

    /**
     * Returns a copy with other subset sizes.
     *
     * @param newMaxTrain memory bank size cap
     * @param newMaxTest test set size cap
     * @return the copy
     */
    public KnnMonitorConfig withMaxSamples(int newMaxTrain, int newMaxTest) {
        return new KnnMonitorConfig(everyEpochs, newMaxTrain, newMaxTest, batchSize, knn, seed);
    }

    /**
     * Returns a copy with another batch size.
     *
     * @param newBatchSize images per forward pass
     * @return the copy
     */
    public KnnMonitorConfig withBatchSize(int newBatchSize) {
        return new KnnMonitorConfig(everyEpochs, maxTrain, maxTest, newBatchSize, knn, seed);
    }

    /**
     * Returns a copy with another kNN protocol.
     *
     * @param newKnn the kNN settings
     * @return the copy
     */
    public KnnMonitorConfig withKnn(KnnConfig newKnn) {
        return new KnnMonitorConfig(everyEpochs, maxTrain, maxTest, batchSize, newKnn, seed);
    }
}
