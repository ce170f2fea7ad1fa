package io.github.djlssl.jointembed.swav;

/**
 * SwAV settings with the paper's defaults (Caron et al., 2020, "Unsupervised Learning of Visual
 * Features by Contrasting Cluster Assignments", and the official {@code main_swav.py}).
 *
 * <p>Optimiser recipe of the paper (not part of this record): LARS, lr 0.6 for batch 256 (4.8 for
 * 4096) with cosine decay to 0.0006, weight decay 1e-6, 10 warm-up epochs (Appendix A.1).
 *
 * @param numPrototypes K, the number of prototypes: 3000 on ImageNet (§4); fewer suit small data
 *     sets (the example uses 300 on Fashion-MNIST)
 * @param projectionDim width of the L2-normalised projection: 128 ({@code feat_dim})
 * @param hiddenDim hidden width of the projection MLP: 2048 ({@code hidden_mlp}); with BatchNorm
 * @param temperature T of the swapped-prediction softmax: 0.1 (§A.1)
 * @param epsilon ε of Sinkhorn-Knopp: 0.05 (§A.1)
 * @param sinkhornIterations Sinkhorn-Knopp iterations: 3 (§3.1)
 * @param numLocalCrops small crops besides the 2 large ones: 6 (multi-crop 2×224 + 6×96, §3.2)
 * @param localCropSize side of the small crops in pixels; 0 = 96/224 of the image side (12 px for
 *     28 px images); ViTs always use the image side (see {@link MultiCrop})
 * @param freezePrototypesEpochs epochs during which the prototypes are not updated: 1 ({@code
 *     freeze_prototypes_niters = 313} iterations = 1 ImageNet epoch at batch 4096)
 * @param queueLength L, queued projections per assignment crop; 0 = no queue (default; 3840 in the
 *     paper's small-batch runs, §4.3)
 * @param queueStartEpoch epoch from which the queue is filled: 15 ({@code epoch_queue_starts})
 * @param projectionOutputBatchNorm whether the projection's output Linear is followed by a
 *     parameter-free BatchNorm before the L2 normalisation: false (the paper's head). The
 *     short-run settings turn it on: a ReLU MLP's outputs share one direction at initialisation,
 *     which BN removes (as BYOL's and MoCo v2+'s switches do); on 234-step Fashion-MNIST runs it
 *     gave +4.6 kNN points over random init on average over three seeds against +3.7 without
 *     (docs/benchmarks.md)
 */
public record SwavConfig(
        int numPrototypes,
        int projectionDim,
        int hiddenDim,
        double temperature,
        double epsilon,
        int sinkhornIterations,
        int numLocalCrops,
        int localCropSize,
        int freezePrototypesEpochs,
        int queueLength,
        int queueStartEpoch,
        boolean projectionOutputBatchNorm) {

    /** Validates every field and names the bad one. */
    public SwavConfig {
        atLeast("numPrototypes", numPrototypes, 1);
        atLeast("projectionDim", projectionDim, 1);
        atLeast("hiddenDim", hiddenDim, 1);
        positive("temperature", temperature);
        positive("epsilon", epsilon);
        atLeast("sinkhornIterations", sinkhornIterations, 1);
        atLeast("numLocalCrops", numLocalCrops, 0);
        atLeast("localCropSize", localCropSize, 0);
        atLeast("freezePrototypesEpochs", freezePrototypesEpochs, 0);
        atLeast("queueLength", queueLength, 0);
        atLeast("queueStartEpoch", queueStartEpoch, 0);
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
    }

    /**
     * Returns the paper's defaults.
     *
     * @return 3000 prototypes, 128-d projection with 2048 hidden, T 0.1, ε 0.05, 3 iterations, 2 +
     *     6 crops, prototypes frozen for 1 epoch, no queue, no BN on the projection's output
     */
    public static SwavConfig defaults() {
        return new SwavConfig(3000, 128, 2048, 0.1, 0.05, 3, 6, 0, 1, 0, 15, false);
    }

    /**
     * Returns a copy with another number of prototypes.
     *
     * @param value K
     * @return the copy
     */
    public SwavConfig withNumPrototypes(int value) {
        return new SwavConfig(
                value,
                projectionDim,
                hiddenDim,
                temperature,
                epsilon,
                sinkhornIterations,
                numLocalCrops,
                localCropSize,
                freezePrototypesEpochs,
                queueLength,
                queueStartEpoch,
                projectionOutputBatchNorm);
    }

    /**
     * Returns a copy with other projection widths.
     *
     * @param projection output width
     * @param hidden hidden width
     * @return the copy
     */
    public SwavConfig withProjection(int projection, int hidden) {
        return new SwavConfig(
                numPrototypes,
                projection,
                hidden,
                temperature,
                epsilon,
                sinkhornIterations,
                numLocalCrops,
                localCropSize,
                freezePrototypesEpochs,
                queueLength,
                queueStartEpoch,
                projectionOutputBatchNorm);
    }

    /**
     * Returns a copy with another multi-crop setting.
     *
     * @param count small crops
     * @param size their side (0 = automatic)
     * @return the copy
     */
    public SwavConfig withLocalCrops(int count, int size) {
        return new SwavConfig(
                numPrototypes,
                projectionDim,
                hiddenDim,
                temperature,
                epsilon,
                sinkhornIterations,
                count,
                size,
                freezePrototypesEpochs,
                queueLength,
                queueStartEpoch,
                projectionOutputBatchNorm);
    }

    /**
     * Returns a copy with another prototype freeze.
     *
     * @param epochs epochs without prototype updates
     * @return the copy
     */
    public SwavConfig withFreezePrototypesEpochs(int epochs) {
        return new SwavConfig(
                numPrototypes,
                projectionDim,
                hiddenDim,
                temperature,
                epsilon,
                sinkhornIterations,
                numLocalCrops,
                localCropSize,
                epochs,
                queueLength,
                queueStartEpoch,
                projectionOutputBatchNorm);
    }

    /**
     * Returns a copy with a feature queue.
     *
     * @param length L (0 = off)
     * @param startEpoch first epoch that fills it
     * @return the copy
     */
    public SwavConfig withQueue(int length, int startEpoch) {
        return new SwavConfig(
                numPrototypes,
                projectionDim,
                hiddenDim,
                temperature,
                epsilon,
                sinkhornIterations,
                numLocalCrops,
                localCropSize,
                freezePrototypesEpochs,
                length,
                startEpoch,
                projectionOutputBatchNorm);
    }

    /**
     * Returns a copy with or without BatchNorm on the projection's output.
     *
     * @param enabled the flag
     * @return the copy
     */
    public SwavConfig withProjectionOutputBatchNorm(boolean enabled) {
        return new SwavConfig(
                numPrototypes,
                projectionDim,
                hiddenDim,
                temperature,
                epsilon,
                sinkhornIterations,
                numLocalCrops,
                localCropSize,
                freezePrototypesEpochs,
                queueLength,
                queueStartEpoch,
                enabled);
    }
}
