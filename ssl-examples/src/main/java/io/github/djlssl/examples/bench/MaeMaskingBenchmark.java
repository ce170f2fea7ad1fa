package io.github.djlssl.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.mim.mae.Mae;
import io.github.djlssl.mim.mae.MaeConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures what MAE's masked encoder saves: the median time of one training step (forward +
 * backward, no optimiser) of MAE with the encoder on the visible 25 % of the patches, against the
 * same ViT + decoder with the encoder fed every position (masked ones as a mask token: MAE's Table
 * 1c "encoder w/ [M]"). Inputs are random, already-normalised images, so the numbers are model
 * compute only.
 *
 * <p>Options: {@code --encoder vit-tiny --size 32 --patch 4 --channels 3 --batch 64 --repeats 10
 * --warmup 2 --threads 1 --decoder-dim 128 --decoder-depth 2 --decoder-heads 4}.
 */
public final class MaeMaskingBenchmark {

    private MaeMaskingBenchmark() {}

    /**
     * Runs the benchmark and prints one line per mode and the speed-up.
     *
     * @param args {@code --name value} pairs, see the class documentation
     */
    public static void main(String[] args) {
        String encoder = option(args, "--encoder", "vit-tiny");
        int size = Integer.parseInt(option(args, "--size", "32"));
        int patch = Integer.parseInt(option(args, "--patch", "4"));
        int channels = Integer.parseInt(option(args, "--channels", "3"));
        int batch = Integer.parseInt(option(args, "--batch", "64"));
        int repeats = Integer.parseInt(option(args, "--repeats", "10"));
        int warmup = Integer.parseInt(option(args, "--warmup", "2"));
        System.setProperty("ai.djl.pytorch.num_threads", option(args, "--threads", "1"));
        MaeConfig config = MaeConfig.smallImages().withDecoder(
                Integer.parseInt(option(args, "--decoder-dim", "128")),
                Integer.parseInt(option(args, "--decoder-depth", "2")),
                Integer.parseInt(option(args, "--decoder-heads", "4")));
        System.out.printf(Locale.ROOT, "%s p%d, %d px x %d ch, batch %d, decoder %dx%d, threads %s, %d repeats%n",
                encoder, patch, size, channels, batch, config.decoderDim(), config.decoderDepth(),
                System.getProperty("ai.djl.pytorch.num_threads"), repeats);
        double masked = medianStepMillis(encoder, size, patch, channels, batch, config, warmup, repeats);
        double all = medianStepMillis(encoder, size, patch, channels, batch,
                config.withMaskTokenInEncoder(true), warmup, repeats);
        System.out.printf(Locale.ROOT, "masked encoder (visible 25%%): %.1f ms/step%n", masked);
        System.out.printf(Locale.ROOT, "all tokens (encoder w/ [M]):  %.1f ms/step%n", all);
        System.out.printf(Locale.ROOT, "speed-up: %.2fx%n", all / masked);
    }

    private static double medianStepMillis(String name, int size, int patch, int channels, int batch,
            MaeConfig config, int warmup, int repeats) {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder vit = EncoderSpec.of(name, size, channels).withPatchSize(patch).build();
            vit.initialize(manager, DataType.FLOAT32, new Shape(2, channels, size, size));
            Mae mae = new Mae(config, new MethodContext(vit, manager, Normalize.defaultFor(channels), 1));
            ParameterStore store = new ParameterStore(manager, false);
            double[] millis = new double[repeats];
            for (int i = -warmup; i < repeats; i++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray images = step.randomNormal(new Shape(batch, channels, size, size));
                    TrainingStep ts = new TrainingStep(i + warmup, 0, 1000, 1000, step, store, Rng.derive(1, i + warmup));
                    long start = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(mae.loss(List.of(images), ts).loss());
                    }
                    if (i >= 0) {
                        millis[i] = (System.nanoTime() - start) / 1e6;
                    }
                }
            }
            Arrays.sort(millis);
            return millis[repeats / 2];
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
