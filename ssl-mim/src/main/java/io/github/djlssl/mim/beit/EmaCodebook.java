package io.github.djlssl.mim.beit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;

/**
 * The training rule of a {@link VqTokenizer}'s codebook: exponential-moving-average k-means
 * (van den Oord et al. 2017, Appendix A.1; VQ-VAE-2), started from the data and with dead codes
 * restarted (Dhariwal et al. 2020, Jukebox §B.1).
 *
 * <p>Per step, with one-hot assignments {@code a [N, K]} of the encoder outputs {@code z [N, D]}:
 * {@code N_k ← γ N_k + (1 − γ) Σ_i a_ik}, {@code m_k ← γ m_k + (1 − γ) Σ_i a_ik z_i}, and {@code
 * e_k = m_k / Ñ_k} with Laplace-smoothed counts {@code Ñ_k = (N_k + ε) / (n + K ε) · n}, {@code n =
 * Σ_k N_k}. A gradient-trained codebook initialised at {@code U(±1/K)} lies far inside the cloud
 * of encoder outputs: only the few selected codes move, the commitment term grows as the encoder
 * outputs spread, and the perplexity collapses (docs/mim.md). EMA updates instead move every used
 * code to the mean of its cluster each step, so the codebook follows the encoder.
 *
 * <p>Data-dependent start: the first training batch sets {@code e_k} to K of its encoder outputs
 * drawn at random ({@code N_k = 1}, {@code m_k = e_k}). Dead codes: a code whose {@code N_k} falls
 * below {@value #DEAD_THRESHOLD} (fewer than one expected assignment per batch) is moved to a random
 * encoder output of the current batch with {@code N_k = 1}, so it gets a chance to win vectors;
 * if it wins none it is restarted again the next step.
 *
 * <p>State ({@code [K]} counts, {@code [K, D]} sums, a {@code [1]} started flag) is named for
 * {@code SslMethod#stateArrays()} so a checkpoint resumes it exactly. The statistics of training
 * forwards accumulate until {@link #update}, so with several devices one update sees the whole
 * batch. Not thread-safe: one training loop drives it.
 */
public final class EmaCodebook implements AutoCloseable {

    /** Expected assignments per batch below which a code counts as dead (Jukebox's 1.0). */
    public static final float DEAD_THRESHOLD = 1f;

    private static final float EPSILON = 1e-5f;

    private final int codes;
    private final float decay;
    private final NDManager manager;
    private final NDArray clusterSize;
    private final NDArray embedSum;
    private final NDArray started;
    private NDArray pendingCounts;
    private NDArray pendingSums;
    private NDArray candidates;
    private boolean knownStarted; // caches started > 0: a restore only ever sets it

    /**
     * Creates zeroed, unstarted state on {@code parent}'s device.
     *
     * @param codes K
     * @param dim D
     * @param decay γ in [0, 1): 0.99 in the VQ-VAE paper
     * @param parent manager of the codebook parameter
     */
    EmaCodebook(int codes, int dim, float decay, NDManager parent) {
        this.codes = codes;
        this.decay = decay;
        this.manager = parent.newSubManager();
        this.clusterSize = manager.zeros(new Shape(codes));
        this.embedSum = manager.zeros(new Shape(codes, dim));
        this.started = manager.zeros(new Shape(1));
        clusterSize.setName("tokenizer_ema_cluster_size");
        embedSum.setName("tokenizer_ema_embed_sum");
        started.setName("tokenizer_ema_started");
    }

    /**
     * Returns the state arrays a checkpoint saves and restores in place.
     *
     * @return counts {@code [K]}, sums {@code [K, D]} and the started flag {@code [1]}
     */
    public NDList stateArrays() {
        return new NDList(clusterSize, embedSum, started);
    }

    /**
     * Starts the codebook from the data on the first call (a one-element sync, once per batch).
     *
     * @param book the codebook parameter's array {@code [K, D]}, written in place
     * @param flat encoder outputs {@code [N, D]}
     * @param rng source of the rows
     */
    void startIfNeeded(NDArray book, NDArray flat, Rng rng) {
        if (knownStarted || (knownStarted = started.getFloat() > 0)) {
            return;
        }
        try (NDManager sub = manager.newSubManager(flat.getDevice())) {
            NDArray rows = randomRows(sub, flat, rng);
            rows.copyTo(book);
            rows.copyTo(embedSum);
            sub.ones(clusterSize.getShape()).copyTo(clusterSize);
            sub.ones(started.getShape()).copyTo(started);
        }
        knownStarted = true;
    }

    /**
     * Adds one forward's assignment statistics to the pending update and keeps K random encoder
     * outputs as restart candidates.
     *
     * @param flat encoder outputs {@code [N, D]}, detached here
     * @param oneHot assignments {@code [N, K]}
     * @param rng source of the candidates
     */
    void accumulate(NDArray flat, NDArray oneHot, Rng rng) {
        NDArray z = flat.stopGradient();
        NDArray counts = oneHot.sum(new int[] {0});
        NDArray sums = oneHot.transpose().matMul(z);
        NDArray rows = randomRows(manager, z, rng);
        counts.attach(manager);
        sums.attach(manager);
        if (pendingCounts == null) {
            pendingCounts = counts;
            pendingSums = sums;
        } else {
            pendingCounts.addi(counts);
            pendingSums.addi(sums);
            counts.close();
            sums.close();
        }
        if (candidates != null) {
            candidates.close();
        }
        candidates = rows;
    }

    /**
     * Applies the pending statistics: EMA step, new code vectors, dead-code restarts. Does
     * nothing when no training forward ran since the last update.
     *
     * @param book the codebook parameter's array {@code [K, D]}, written in place
     */
    void update(NDArray book) {
        if (pendingCounts == null) {
            return;
        }
        try (NDManager sub = manager.newSubManager()) {
            // temporaries land on sub and are freed with it; the state keeps its identity
            sub.tempAttachAll(clusterSize, embedSum, pendingCounts, pendingSums, candidates);
            clusterSize.muli(decay).addi(pendingCounts.mul(1 - decay));
            embedSum.muli(decay).addi(pendingSums.mul(1 - decay));
            NDArray n = clusterSize.sum();
            NDArray smoothed = clusterSize.add(EPSILON).div(n.add(codes * EPSILON)).mul(n);
            NDArray means = embedSum.div(smoothed.expandDims(1));
            NDArray alive = clusterSize.gte(DEAD_THRESHOLD).toType(DataType.FLOAT32, false);
            NDArray dead = alive.neg().add(1);
            NDArray keep = alive.expandDims(1);
            NDArray restart = dead.expandDims(1);
            means.mul(keep).add(candidates.mul(restart)).copyTo(book);
            // a restarted code has "seen" one vector: its candidate
            embedSum.muli(keep).addi(candidates.mul(restart));
            clusterSize.muli(alive).addi(dead);
        } finally {
            pendingCounts.close();
            pendingSums.close();
            pendingCounts = null;
            pendingSums = null;
        }
    }

    /** K rows of {@code z} drawn uniformly with replacement, on {@code owner}. */
    private NDArray randomRows(NDManager owner, NDArray z, Rng rng) {
        long n = z.getShape().get(0);
        long[] idx = new long[codes];
        for (int k = 0; k < codes; k++) {
            idx[k] = rng.nextInt((int) n);
        }
        try (NDManager sub = owner.newSubManager(z.getDevice())) {
            NDArray index = sub.create(idx);
            NDArray rows = z.stopGradient().get(new NDIndex("{}", index));
            rows.attach(owner);
            return rows;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
