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
import io.github.djlssl.mim.maskfeat.MaskFeat;
import io.github.djlssl.mim.maskfeat.MaskFeatConfig;
import java.nio.file.Path;
import java.util.Optional;

/** MaskFeat on Fashion-MNIST with a ViT-Tiny (patch 4, 7 × 7 tokens): pretrain, then kNN. */
public final class MaskFeatExample {

    /**
     * The outcome.
     *
     * @param knnTop1 weighted-kNN top-1 on the Fashion-MNIST test set
     * @param summary what the training did
     */
    public record Result(double knnTop1, TrainingSummary summary) {}

    private MaskFeatExample() {}

    /**
     * Runs the example, e.g. {@code --epochs 2 --max-samples 2048 --out runs/maskfeat-example}.
     *
     * @param args see {@link ExampleArgs} ({@code --width} is ignored: the ViT is ViT-Tiny)
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
                new ExampleArgs(5, 10_000, 128, 16, Optional.empty(), Path.of("runs/maskfeat-example"), 42));
        Path dir = a.dataDir().orElse(IdxImageSource.FASHION_MNIST_DEFAULT_DIR);
        ImageSource train = IdxImageSource.fashionMnist(dir, Split.TRAIN).limit(a.maxSamples());
        ImageSource test = IdxImageSource.fashionMnist(dir, Split.TEST);
        Engine.getInstance().setRandomSeed((int) a.seed());

        try (NDManager manager = NDManager.newBaseManager()) {
            // MaskFeat masks patch tokens: a ViT is required (a ResNet is rejected).
            Encoder encoder = EncoderSpec.of("vit-tiny", 28, 1).withPatchSize(4).build();
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            Normalize normalization = Normalize.fashionMnist();
            // 40% block masks (min block 4 on the 7 × 7 grid), HOG of one 4 × 4 cell per patch.
            MaskFeat maskfeat = new MaskFeat(MaskFeatConfig.defaults(),
                    new MethodContext(encoder, manager, normalization, a.seed()));

            // The paper's AdamW recipe: lr 2e-4 × B/256, weight decay 0.05.
            OptimizerConfig adamw = OptimizerConfig.adamw(2e-4 * a.batchSize() / 256, 0.05);
            TrainerConfig config = TrainerConfig.of(a.epochs(), a.batchSize(), adamw).withSeed(a.seed());
            TrainingSummary summary = new SslTrainer(config).fit(maskfeat, train, a.out(), false, null);

            double knn = EncoderEvaluation.knn(
                    encoder, train, test, normalization, Device.cpu(), 10_000, 10_000).top1();
            return new Result(knn, summary);
        }
    }
}
