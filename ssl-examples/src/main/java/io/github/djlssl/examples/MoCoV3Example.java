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
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
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

/** MoCo v3 on Fashion-MNIST with a small ViT (patch 4, depth 6, width 192): pretrain, then kNN. */
public final class MoCoV3Example {

    /**
     * The outcome.
     *
     * @param knnTop1 weighted-kNN top-1 on the Fashion-MNIST test set
     * @param summary what the training did
     */
    public record Result(double knnTop1, TrainingSummary summary) {}

    private MoCoV3Example() {}

    /**
     * Runs the example, e.g. {@code --epochs 2 --max-samples 2048 --out runs/mocov3-example}.
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
                new ExampleArgs(5, 10_000, 128, 0, Optional.empty(), Path.of("runs/mocov3-example"), 42));
        Path dir = a.dataDir().orElse(IdxImageSource.FASHION_MNIST_DEFAULT_DIR);
        ImageSource train = IdxImageSource.fashionMnist(dir, Split.TRAIN).limit(a.maxSamples());
        ImageSource test = IdxImageSource.fashionMnist(dir, Split.TEST);
        Engine.getInstance().setRandomSeed((int) a.seed());
        try (NDManager manager = NDManager.newBaseManager()) {
            // ViT-Tiny's width and heads at half its depth, 4 px patches: 7 × 7 tokens of 28 px images.
            Encoder encoder = VisionTransformer.of(VitConfig.tiny(4).withImageSize(28).withInputChannels(1).withDepth(6));
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            Normalize normalization = Normalize.fashionMnist();
            try (MoCo moco = new MoCo(MoCoConfig.v3(), new MethodContext(encoder, manager, normalization, a.seed()))) {
                // MoCo v3's ViT optimiser: AdamW 1.5e-4 × batch/256, wd 0.1, warm-up, cosine decay.
                OptimizerConfig adamw = OptimizerConfig.adamw(1.5e-4 * a.batchSize() / 256, 0.1)
                        .withWarmupEpochs(Math.min(1, a.epochs() - 1));
                TrainerConfig trainer = TrainerConfig.of(a.epochs(), a.batchSize(), adamw).withSeed(a.seed());
                TrainingSummary summary = new SslTrainer(trainer).fit(moco, train, a.out(), false, null);
                double knn = EncoderEvaluation.knn(
                        encoder, train, test, normalization, Device.cpu(), 10_000, 10_000).top1();
                return new Result(knn, summary);
            }
        }
    }
}
