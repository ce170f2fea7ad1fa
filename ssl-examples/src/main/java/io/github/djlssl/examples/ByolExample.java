package io.github.djlssl.examples;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.data.IdxImageSource;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.data.Split;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.eval.EncoderEvaluation;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.optim.OptimizerConfig;
import io.github.djlssl.core.train.SslTrainer;
import io.github.djlssl.core.train.TrainerConfig;
import io.github.djlssl.core.train.TrainingSummary;
import io.github.djlssl.jointembed.byol.Byol;
import io.github.djlssl.jointembed.byol.ByolConfig;
import java.nio.file.Path;
import java.util.Optional;

/** BYOL on Fashion-MNIST with a narrow ResNet-18, end to end: pretrain, then kNN on the test set. */
public final class ByolExample {

    /**
     * The outcome.
     *
     * @param knnTop1 weighted-kNN top-1 on the Fashion-MNIST test set
     * @param summary what the training did
     */
    public record Result(double knnTop1, TrainingSummary summary) {}

    private ByolExample() {}

    /**
     * Runs the example, e.g. {@code --epochs 2 --max-samples 2048 --out runs/byol-example}.
     *
     * @param args see {@link ExampleArgs}
     * @throws Exception on a missing dataset or I/O failure
     */
    public static void main(String[] args) throws Exception {
        System.out.printf("knn_top1=%.4f%n", run(args).knnTop1());
    }

    /**
     * Runs the example and returns its result (tests call this).
     *
     * @param args see {@link ExampleArgs}
     * @return kNN accuracy and the training summary
     * @throws Exception on a missing dataset or I/O failure
     */
    public static Result run(String... args) throws Exception {
        ExampleArgs a = ExampleArgs.parse(args,
                new ExampleArgs(5, 10_000, 128, 16, Optional.empty(), Path.of("runs/byol-example"), 42));
        Path dir = a.dataDir().orElse(IdxImageSource.FASHION_MNIST_DEFAULT_DIR);
        ImageSource train = IdxImageSource.fashionMnist(dir, Split.TRAIN).limit(a.maxSamples());
        ImageSource test = IdxImageSource.fashionMnist(dir, Split.TEST);
        Engine.getInstance().setRandomSeed((int) a.seed());

        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = EncoderSpec.of("resnet18", 28, 1).withWidth(a.width()).build();
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            Normalize normalization = Normalize.fashionMnist();
            try (Byol byol = new Byol(ByolConfig.defaults(), new MethodContext(encoder, manager, normalization, a.seed()))) {
                // BYOL uses LARS 0.2 × batch/256, wd 1.5e-6 at batch 4096; at small batches SGD
                // 0.06 × batch/256 (lightly's CIFAR-10 benchmark) is the safer choice.
                OptimizerConfig sgd = OptimizerConfig.sgd(0.06 * a.batchSize() / 256, 0.9, 5e-4);
                TrainerConfig trainer = TrainerConfig.of(a.epochs(), a.batchSize(), sgd).withSeed(a.seed());
                TrainingSummary summary = new SslTrainer(trainer).fit(byol, train, a.out(), false, null);
                double knn = EncoderEvaluation.knn(
                        encoder, train, test, normalization, Device.cpu(), 10_000, 10_000).top1();
                return new Result(knn, summary);
            }
        }
    }
}
