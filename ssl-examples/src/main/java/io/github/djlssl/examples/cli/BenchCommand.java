package io.github.djlssl.examples.cli;

import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.examples.bench.BenchResult;
import io.github.djlssl.examples.bench.BenchSettings;
import io.github.djlssl.examples.bench.TrainingBenchmark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code djl-ssl bench}: training-step throughput, data-wait share, data-pipeline throughput and
 * peak memory of a method × encoder on synthetic images; with {@code --soak N}, N steps with
 * memory samples and a ±5 % drift check (exit 1 beyond it). Prints a table, then one JSON line.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmark a method's training step (synthetic data) or soak-test its memory.")
public final class BenchCommand implements Callable<Integer> {

    private static final List<String> MASKED_MODELING = List.of("mae", "simmim", "maskfeat", "beit", "ijepa");

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Option(names = "--method", defaultValue = "simclr", description = "method id (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--encoder", defaultValue = "resnet18", description = "resnet18|34|50, vit-tiny|small|base (default: ${DEFAULT-VALUE})")
    String encoder;

    @Option(names = "--width", defaultValue = "0", description = "ResNet first-stage width; 0 = 64 (torchvision)")
    int width;

    @Option(names = "--patch-size", defaultValue = "0", description = "ViT patch size; 0 = 4 at 32 px")
    int patchSize;

    @Option(names = "--image-size", defaultValue = "32", description = "(default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--channels", defaultValue = "3", description = "1 or 3 (default: ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--batch-size", defaultValue = "64", description = "(default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed steps (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--steps", defaultValue = "20", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--soak", defaultValue = "0",
            description = "run N steps sampling heap-after-GC and RSS; fail beyond ±5 %% drift after warm-up")
    int soak;

    @Option(names = "--soak-samples", defaultValue = "40", description = "memory samples over a soak (default: ${DEFAULT-VALUE})")
    int soakSamples;

    @Option(names = "--optimizer", description = "sgd or adamw (default: adamw for masked modelling, else sgd)")
    String optimizer;

    @Option(names = "--log-every", description = "trainer metrics window (default: 10 on CPU, 1 on GPU)")
    Integer logEvery;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a method setting")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--csv", description = "append the result as a CSV row to this file (header if new)")
    Path csv;

    @Mixin EngineOptions engine;

    @Override
    public Integer call() throws IOException {
        String opt = optimizer != null ? optimizer.toLowerCase(Locale.ROOT)
                : MASKED_MODELING.contains(method.toLowerCase(Locale.ROOT)) ? "adamw" : "sgd";
        boolean gpu = engine.device.startsWith("gpu");
        int timed = steps;
        int warm = warmup;
        int every = 0;
        if (soak > 0) {
            // A soak's warm-up is at least a tenth of it: allocator pools and JIT settle first.
            warm = Math.max(warmup, soak / 10);
            timed = Math.max(1, soak - warm);
            every = Math.max(1, soak / Math.max(4, soakSamples));
        }
        EncoderSpec encoderSpec = new EncoderSpec(encoder, imageSize, channels, width, patchSize);
        BenchSettings s = new BenchSettings(method, settings, encoderSpec, batchSize, warm, timed, every, opt,
                engine.device, logEvery != null ? logEvery : gpu ? 1 : 10, engine.seed);
        engine.start();
        BenchResult r = TrainingBenchmark.run(s, engine.threads == null ? -1 : engine.threads);
        spec.commandLine().getOut().print(r.toTable());
        spec.commandLine().getOut().println(r.toJson());
        spec.commandLine().getOut().flush();
        if (csv != null) {
            boolean fresh = !Files.exists(csv) || Files.size(csv) == 0;
            String text = (fresh ? r.csvHeader() + "\n" : "") + r.csvRow() + "\n";
            Files.writeString(csv, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        if (soak > 0 && !r.soakPassed()) {
            spec.commandLine().getErr().println("djl-ssl: memory drifted beyond ±5 % during the soak");
            return 1;
        }
        return 0;
    }
}
