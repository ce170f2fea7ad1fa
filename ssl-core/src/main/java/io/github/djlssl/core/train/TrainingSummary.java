package io.github.djlssl.core.train;

import io.github.djlssl.core.eval.KnnResult;
import java.util.List;

/**
 * What a finished (or resumed-and-finished) run reports.
 *
 * @param epochs epochs completed in total
 * @param steps optimiser steps completed in total
 * @param epochLosses mean loss of each epoch trained in this call, in order
 * @param knnHistory kNN monitor results of this call, in order (empty when off)
 * @param seconds wall time of this call
 * @param imagesPerSecond training throughput of this call (source images per second)
 */
public record TrainingSummary(
        int epochs,
        long steps,
        List<Double> epochLosses,
        List<KnnResult> knnHistory,
        double seconds,
        double imagesPerSecond) {

    /** Copies the lists. */
    public TrainingSummary {
        epochLosses = List.copyOf(epochLosses);
        knnHistory = List.copyOf(knnHistory);
    }
}
