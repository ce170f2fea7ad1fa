package io.github.djlssl.core.eval;

/**
 * Settings of the weighted k-nearest-neighbour classifier ({@link KnnClassifier}).
 *
 * <p>Defaults follow the weighted kNN of Wu et al. 2018, "Unsupervised Feature Learning via
 * Non-Parametric Instance Discrimination" (§3.4: cosine similarity, votes weighted by {@code
 * exp(s / T)}), with {@code k = 200, T = 0.1} as used by lightly's benchmarks ({@code knn_k=200,
 * knn_t=0.1}) and solo-learn's {@code WeightedKNNClassifier} tables.
 *
 * @param k neighbours per test sample, &gt; 0 (clamped to the number of training samples)
 * @param temperature T in the vote weight {@code exp(similarity / T)}, &gt; 0
 * @param chunkSize test samples scored at once, &gt; 0: bounds the similarity matrix to {@code
 *     [chunkSize, Ntrain]} floats and the vote tensor to {@code [chunkSize, k, classes]}
 */
public record KnnConfig(int k, double temperature, int chunkSize) {

    /** Neighbours per test sample in lightly's and solo-learn's benchmark tables. */
    public static final int DEFAULT_K = 200;

    /** Vote temperature of Wu et al. 2018 as used by lightly's benchmarks. */
    public static final double DEFAULT_TEMPERATURE = 0.1;

    /** Test samples per chunk: 256 x 60000 train samples = 61 MB of similarities. */
    public static final int DEFAULT_CHUNK_SIZE = 256;

    /** Validates the fields. */
    public KnnConfig {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0, got " + chunkSize);
        }
    }

    /**
     * Returns the benchmark protocol: k = 200, T = 0.1, chunks of 256 test samples.
     *
     * @return the defaults
     */
    public static KnnConfig defaults() {
        return new KnnConfig(DEFAULT_K, DEFAULT_TEMPERATURE, DEFAULT_CHUNK_SIZE);
    }

    /**
     * Returns a copy with another k.
     *
     * @param newK neighbours per test sample
     * @return the copy
     */
    public KnnConfig withK(int newK) {
        return new KnnConfig(newK, temperature, chunkSize);
    }

    /**
     * Returns a copy with another temperature.
     *
     * @param newTemperature vote temperature
     * @return the copy
     */
    public KnnConfig withTemperature(double newTemperature) {
        return new KnnConfig(k, newTemperature, chunkSize);
    }

    /**
     * Returns a copy with another chunk size.
     *
     * @param newChunkSize test samples per chunk
     * @return the copy
     */
    public KnnConfig withChunkSize(int newChunkSize) {
        return new KnnConfig(k, temperature, newChunkSize);
    }
}
