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
import io.github.djlssl.jointembed.simclr.SimClr;
import io.github.djlssl.jointembed.simclr.SimClrConfig;
import java.nio.file.Path;
import java.util.Optional;

/** SimCLR on Fashion-MNIST with a narrow ResNet-18, end to end: pretrain, then kNN on the test set. */
public final class SimClrExample {

    /** The outcome: weighted-kNN top-1 on the Fashion-MNIST test set, and the training summary. */
    public record Result(double knnTop1, TrainingSummary summary) {}

    private SimClrExample() {}

    /**
     * Runs the example, e.g. {@code --epochs 2 --max-samples 2048 --out runs/simclr-example}.
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
                new ExampleArgs(6, 10_000, 256, 8, Optional.empty(), Path.of("runs/simclr-example"), 42));
        Path dir = a.dataDir().orElse(IdxImageSource.FASHION_MNIST_DEFAULT_DIR);
        ImageSource all = IdxImageSource.fashionMnist(dir, Split.TRAIN);
        ImageSource train = all.limit(a.maxSamples());
        ImageSource test = IdxImageSource.fashionMnist(dir, Split.TEST);
        Engine.getInstance().setRandomSeed((int) a.seed());

        try (NDManager manager = NDManager.newBaseManager()) {
            // A ResNet-18 at 1/8 width (8-16-32-64 channels) with the small-image stem (28 px input).
            Encoder encoder = EncoderSpec.of("resnet18", 28, 1).withWidth(a.width()).build();
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            Normalize normalization = Normalize.fashionMnist();
            SimClr simclr = new SimClr(SimClrConfig.defaults(),
                    new MethodContext(encoder, manager, normalization, a.seed()));

            // SGD with momentum, cosine to 0; lr 0.3 × batch/256 suits this short CPU budget.
            OptimizerConfig sgd = OptimizerConfig.sgd(0.3 * a.batchSize() / 256, 0.9, 5e-4);
            TrainerConfig config = TrainerConfig.of(a.epochs(), a.batchSize(), sgd).withSeed(a.seed());
            TrainingSummary summary = new SslTrainer(config).fit(simclr, train, a.out(), false, null);

            double knn = EncoderEvaluation.knn(
                    encoder, all, test, normalization, Device.cpu(), 10_000, 10_000).top1();
            return new Result(knn, summary);
        }
    }
}
