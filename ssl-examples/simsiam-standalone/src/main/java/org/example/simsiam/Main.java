package org.example.simsiam;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.config.RecordBinder;
import io.github.djlssl.core.data.SyntheticImageSource;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.SslMethods;
import io.github.djlssl.core.optim.OptimizerConfig;
import io.github.djlssl.core.train.SslTrainer;
import io.github.djlssl.core.train.TrainerConfig;
import io.github.djlssl.core.train.TrainingSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds SimSiam through the registry like any built-in method and trains it for a few steps. */
public final class Main {

    private Main() {}

    /**
     * Trains on synthetic 28 px images and prints {@code simsiam_steps=N loss_first=… loss_last=…}.
     *
     * @param args optional: the run directory (default {@code target/simsiam-run})
     * @throws Exception on I/O failure
     */
    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args.length > 0 ? args[0] : "target/simsiam-run");
        int batch = 32;
        Engine.getInstance().setRandomSeed(42);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = EncoderSpec.of("resnet18", 28, 1).withWidth(8).build();
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            MethodContext context = new MethodContext(encoder, manager, Normalize.fashionMnist(), 42);
            // the same look-up and --set binding the djl-ssl tool does for built-in methods
            SslMethod method = create(SslMethods.get("simsiam"),
                    Map.of("projectionDim", "256", "predictorHiddenDim", "64"), context);

            OptimizerConfig sgd = OptimizerConfig.sgd(0.05 * batch / 256, 0.9, 1e-4);
            TrainerConfig config = new TrainerConfig(2, batch, 42, sgd, "cpu", 0, 1, false);
            TrainingSummary summary = new SslTrainer(config)
                    .fit(method, new SyntheticImageSource(256, 1, 28, 4, 42), runDir, false, null);

            List<Double> losses = stepLosses(runDir.resolve("metrics.jsonl"));
            System.out.printf("simsiam_steps=%d loss_first=%.4f loss_last=%.4f%n",
                    summary.steps(), losses.get(0), losses.get(losses.size() - 1));
            method.close();
        }
    }

    private static <C extends Record> SslMethod create(
            SslMethodProvider<C> provider, Map<String, String> settings, MethodContext context) {
        return provider.create(RecordBinder.bind(provider.defaultConfig(), settings), context);
    }

    private static List<Double> stepLosses(Path metrics) throws java.io.IOException {
        Pattern loss = Pattern.compile("\"loss\"\\s*:\\s*([-0-9.eE]+)");
        return Files.readAllLines(metrics).stream()
                .map(loss::matcher)
                .filter(Matcher::find)
                .map(m -> Double.parseDouble(m.group(1)))
                .toList();
    }
}
