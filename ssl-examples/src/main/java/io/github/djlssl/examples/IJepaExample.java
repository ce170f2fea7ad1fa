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
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.eval.EncoderEvaluation;
import io.github.djlssl.core.eval.LinearProbeConfig;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.optim.OptimizerConfig;
import io.github.djlssl.core.train.SslTrainer;
import io.github.djlssl.core.train.TrainerConfig;
import io.github.djlssl.core.train.TrainingSummary;
import io.github.djlssl.hybrid.ijepa.IJepaConfig;
import io.github.djlssl.hybrid.ijepa.IJepaProvider;
import java.nio.file.Path;
import java.util.Optional;

/**
 * I-JEPA on Fashion-MNIST with a ViT-Tiny (patch 4, 7 × 7 grid), end to end: pretrain, then a
 * linear probe (the paper's protocol, §5) on the target encoder's mean-pooled tokens, against the
 * same encoder randomly initialised. See {@code docs/ijepa.md} for what this short run shows.
 */
public final class IJepaExample {

    /**
     * The outcome.
     * @param linearTop1 linear-probe top-1 on the Fashion-MNIST test set
     * @param randomInitLinearTop1 the same probe on the encoder before pretraining
     * @param summary what the training did
     */
    public record Result(double linearTop1, double randomInitLinearTop1, TrainingSummary summary) {}
    private IJepaExample() {}

    /**
     * Runs the example, e.g. {@code --epochs 2 --max-samples 2048}; {@code --width} is the ViT's
     * token width (192 = Tiny, divisible by 12).
     *
     * @param args see {@link ExampleArgs}
     * @throws Exception on a missing dataset or I/O failure
     */
    public static void main(String[] args) throws Exception {
        Result r = run(args);
        System.out.printf("random_init_linear_top1=%.4f%nlinear_top1=%.4f%n", r.randomInitLinearTop1(), r.linearTop1());
    }

    /**
     * Runs the example and returns its result (tests call this).
     * @param args see {@link ExampleArgs}
     * @return linear-probe accuracies and the training summary
     * @throws Exception on a missing dataset or I/O failure
     */
    public static Result run(String... args) throws Exception {
        ExampleArgs a = ExampleArgs.parse(args,
                new ExampleArgs(5, 10_000, 128, 192, Optional.empty(), Path.of("runs/ijepa-example"), 42));
        Path dir = a.dataDir().orElse(IdxImageSource.FASHION_MNIST_DEFAULT_DIR);
        ImageSource train = IdxImageSource.fashionMnist(dir, Split.TRAIN).limit(a.maxSamples());
        ImageSource test = IdxImageSource.fashionMnist(dir, Split.TEST);
        Engine.getInstance().setRandomSeed((int) a.seed());
        try (NDManager manager = NDManager.newBaseManager()) {
            // I-JEPA's ViT has no CLS token and is evaluated on the mean of its patch tokens.
            VisionTransformer encoder = VisionTransformer.of(VitConfig.tiny(4).withImageSize(28).withInputChannels(1)
                    .withWidth(a.width(), 3).withClassToken(false, VitConfig.Pooling.MEAN));
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            Normalize normalization = Normalize.fashionMnist();
            ImageSource probeTrain = IdxImageSource.fashionMnist(dir, Split.TRAIN).limit(10_000);
            LinearProbeConfig probe = LinearProbeConfig.defaults();
            double random = EncoderEvaluation.linear(
                    encoder, probeTrain, test, normalization, Device.cpu(), probe).testAccuracy();
            // The paper's masks and EMA; a 4 × 96 predictor instead of ViT-H's 12 × 384.
            SslMethod ijepa = new IJepaProvider().create(IJepaConfig.smallImages(),
                    new MethodContext(encoder, manager, normalization, a.seed()));

            // AdamW as the paper (Appendix A.1), wd 0.04, a 1-epoch warm-up; lr 1e-3 × B/256 is 8 times
            // the paper's rate per image (its 1e-3 is for batch 2048): docs/ijepa.md compares both.
            OptimizerConfig adamw = OptimizerConfig.adamw(1e-3 * a.batchSize() / 256, 0.04).withWarmupEpochs(1);
            TrainerConfig config = TrainerConfig.of(a.epochs(), a.batchSize(), adamw).withSeed(a.seed());
            TrainingSummary summary = new SslTrainer(config).fit(ijepa, train, a.out(), false, null);
            // The paper probes the target encoder (Appendix A.1), which is what encoder() returns.
            double linear = EncoderEvaluation.linear(
                    ijepa.encoder(), probeTrain, test, normalization, Device.cpu(), probe).testAccuracy();
            return new Result(linear, random, summary);
        }
    }
}
