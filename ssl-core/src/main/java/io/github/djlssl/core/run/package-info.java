/**
 * Pretraining runs on disk: the {@link io.github.djlssl.core.run.RunRecord} a run writes to {@code
 * config.json}, and {@link io.github.djlssl.core.run.PretrainedEncoder}, which rebuilds the trained
 * encoder from a run directory for evaluation, fine-tuning, embedding and export.
 */
package io.github.djlssl.core.run;
