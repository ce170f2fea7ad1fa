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
import io.github.djlssl.jointembed.moco.MoCo;
import io.github.djlssl.jointembed.moco.MoCoConfig;
import java.nio.file.Path;
import java.util.Optional;

/** MoCo v2 on Fashion-MNIST with a narrow ResNet-18: pretrain with a 4,096-key queue, then kNN. */
public final class MoCoExample {

    /**
     * The outcome.
     *
     * @param knnTop1 weighted-kNN top-1 on the Fashion-MNIST test set
     * @param summary what the training did
     */
    public record Result(double knnTop1, TrainingSummary summary) {}

    private MoCoExample() {}

    /**
     * Runs the example, e.g. {@code --epochs 2 --max-samples 2048 --out runs/moco-example}.
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
                new ExampleArgs(5, 10_000, 128, 16, Optional.empty(), Path.of("runs/moco-example"), 42));
        Path dir = a.dataDir().orElse(IdxImageSource.FASHION_MNIST_DEFAULT_DIR);
        ImageSource train = IdxImageSource.fashionMnist(dir, Split.TRAIN).limit(a.maxSamples());
        ImageSource test = IdxImageSource.fashionMnist(dir, Split.TEST);
        Engine.getInstance().setRandomSeed((int) a.seed());

        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = EncoderSpec.of("resnet18", 28, 1).withWidth(a.width()).build();
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            Normalize normalization = Normalize.fashionMnist();
            // 65,536 keys suit ImageNet; a few thousand suit ten thousand images (lightly's CIFAR size).
            MoCoConfig config = MoCoConfig.v2().withQueueSize(4096);
            try (MoCo moco = new MoCo(config, new MethodContext(encoder, manager, normalization, a.seed()))) {
                // MoCo v2's optimiser: SGD 0.03 × batch/256, momentum 0.9, wd 1e-4 (cosine decay).
                OptimizerConfig sgd = OptimizerConfig.sgd(0.03 * a.batchSize() / 256, 0.9, 1e-4);
                TrainerConfig trainer = TrainerConfig.of(a.epochs(), a.batchSize(), sgd).withSeed(a.seed());
                TrainingSummary summary = new SslTrainer(trainer).fit(moco, train, a.out(), false, null);
                double knn = EncoderEvaluation.knn(
                        encoder, train, test, normalization, Device.cpu(), 10_000, 10_000).top1();
                return new Result(knn, summary);
            }
        }
    }
}
