package io.github.djlssl.examples.bench;

import io.github.djlssl.core.encoder.EncoderSpec;
import java.util.Map;

/**
 * What one training benchmark runs: a method on an encoder at a size, on synthetic images.
 *
 * @param method method id ({@code simclr}, {@code mae}, …)
 * @param settings method-config overrides, as {@code djl-ssl pretrain --set}
 * @param encoder the encoder (name, image size, channels, width, patch size)
 * @param batchSize images per step
 * @param warmup untimed steps first
 * @param steps timed steps (for a soak: all steps after warm-up)
 * @param soakEvery take a memory sample every this many steps; 0 = no soak
 * @param optimizer {@code sgd} or {@code adamw}
 * @param devices {@code cpu}, {@code gpu}, …
 * @param logEvery the trainer's metrics window (1 gives exact per-step times on a GPU)
 * @param seed initialisation, data and augmentation seed
 */
public record BenchSettings(
        String method,
        Map<String, String> settings,
        EncoderSpec encoder,
        int batchSize,
        int warmup,
        int steps,
        int soakEvery,
        String optimizer,
        String devices,
        int logEvery,
        long seed) {

    /** Validates the counts and names the bad one. */
    public BenchSettings {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method is required");
        }
        settings = Map.copyOf(settings);
        if (batchSize < 2) {
            throw new IllegalArgumentException("batchSize must be >= 2, got " + batchSize);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (soakEvery < 0) {
            throw new IllegalArgumentException("soakEvery must be >= 0, got " + soakEvery);
        }
        if (!optimizer.equals("sgd") && !optimizer.equals("adamw")) {
            throw new IllegalArgumentException("optimizer must be sgd or adamw, got " + optimizer);
        }
        if (logEvery < 1) {
            throw new IllegalArgumentException("logEvery must be >= 1, got " + logEvery);
        }
    }

    /** @return warm-up plus timed steps */
    public int totalSteps() {
        return warmup + steps;
    }

    /** @return the encoder's name with its width or patch size, e.g. {@code resnet18-w64}, {@code vit-tiny/4} */
    public String encoderLabel() {
        if (encoder.isVit()) {
            int p = encoder.patchSize() == 0 ? EncoderSpec.defaultPatchSize(encoder.imageSize()) : encoder.patchSize();
            return encoder.name() + "/" + p;
        }
        return encoder.name() + "-w" + (encoder.width() == 0 ? 64 : encoder.width());
    }
}
