/**
 * Evaluation of frozen encoders: batched feature extraction ({@link
 * io.github.djlssl.core.eval.FeatureExtractor}), the weighted k-nearest-neighbour classifier of
 * Wu et al. 2018 ({@link io.github.djlssl.core.eval.KnnClassifier}), a linear probe on frozen
 * features ({@link io.github.djlssl.core.eval.LinearProbe}) and a kNN monitor the trainer runs
 * every few epochs ({@link io.github.djlssl.core.eval.KnnMonitor}).
 *
 * <p>Everything here works on plain NDArrays on the features' device, scopes its temporaries in
 * sub-managers, and never creates a DJL {@code Trainer} (whose optimiser state is never freed), so
 * it can run many times in one process without growing memory.
 */
package io.github.djlssl.core.eval;
