/**
 * Evaluation of encoders: batched feature extraction ({@link
 * io.github.djlssl.core.eval.FeatureExtractor}), the weighted k-nearest-neighbour classifier of
 * Wu et al. 2018 ({@link io.github.djlssl.core.eval.KnnClassifier}), a linear probe on frozen
 * features ({@link io.github.djlssl.core.eval.LinearProbe}), a kNN monitor the trainer runs
 * every few epochs ({@link io.github.djlssl.core.eval.KnnMonitor}), and end-to-end fine-tuning of
 * a copy of the encoder with a linear head ({@link io.github.djlssl.core.eval.FineTuner}, the
 * protocol masked-image-modelling methods are judged by). {@link
 * io.github.djlssl.core.eval.EncoderEvaluation} runs each from image sources, {@link
 * io.github.djlssl.core.eval.RunEvaluation} from a pretraining run's directory.
 *
 * <p>Everything here works on plain NDArrays on the features' device, scopes its temporaries in
 * sub-managers, and never creates a DJL {@code Trainer} (whose optimiser state is never freed), so
 * it can run many times in one process without growing memory. Fine-tuning uses the library's own
 * closable {@link io.github.djlssl.core.optim.AdamW} for the same reason.
 */
package io.github.djlssl.core.eval;
