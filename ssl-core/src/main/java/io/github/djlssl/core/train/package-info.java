/**
 * The training loop and what keeps long runs safe: {@link io.github.djlssl.core.train.SslTrainer}
 * (one loop for every method, exact resume), {@link io.github.djlssl.core.train.Checkpoints}
 * (atomic checkpoint directories with fallback past corrupt ones), {@link
 * io.github.djlssl.core.io.AtomicFiles} (temporary file, fsync, atomic rename), {@link
 * io.github.djlssl.core.train.MetricsWriter} (append-only {@code metrics.jsonl}) and {@link
 * io.github.djlssl.core.train.DivergenceGuard} (stops at the first non-finite loss).
 */
package io.github.djlssl.core.train;
