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
import io.github.djlssl.mim.beit.Beit;
import io.github.djlssl.mim.beit.BeitConfig;
import io.github.djlssl.mim.beit.BeitTokenizerConfig;
import io.github.djlssl.mim.beit.BeitTokenizerTraining;
import java.nio.file.Path;
import java.util.Optional;

/** BEiT on Fashion-MNIST, both stages: train a VQ tokenizer, then BEiT on its codes; then kNN. */
public final class BeitExample {

    /**
     * The outcome.
     *
     * @param knnTop1 weighted-kNN top-1 of the BEiT encoder on the Fashion-MNIST test set
     * @param summary what the BEiT stage did
     */
    public record Result(double knnTop1, TrainingSummary summary) {}

    private BeitExample() {}

    /**
     * Runs the example, e.g. {@code --epochs 2 --max-samples 2048 --out runs/beit-example}.
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
     * @return kNN accuracy and the BEiT training summary
     * @throws Exception on a missing dataset or I/O failure
     */
    public static Result run(String... args) throws Exception {
        ExampleArgs a = ExampleArgs.parse(args,
                new ExampleArgs(5, 10_000, 128, 16, Optional.empty(), Path.of("runs/beit-example"), 42));
        Path dir = a.dataDir().orElse(IdxImageSource.FASHION_MNIST_DEFAULT_DIR);
        ImageSource train = IdxImageSource.fashionMnist(dir, Split.TRAIN).limit(a.maxSamples());
        ImageSource test = IdxImageSource.fashionMnist(dir, Split.TEST);
        Engine.getInstance().setRandomSeed((int) a.seed());
        Normalize normalization = Normalize.fashionMnist();
        OptimizerConfig adamw = OptimizerConfig.adamw(1.5e-3 * a.batchSize() / 2048, 0.05);

        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = EncoderSpec.of("vit-tiny", 28, 1).withPatchSize(4).build();
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            MethodContext context = new MethodContext(encoder, manager, normalization, a.seed());

            // Stage 1: the VQ-VAE tokenizer (512 codes, one per 4 × 4 patch), Adam lr 2e-4.
            BeitTokenizerTraining stage1 = new BeitTokenizerTraining(BeitTokenizerConfig.defaults(), context);
            TrainerConfig vq = TrainerConfig.of(a.epochs(), a.batchSize(), OptimizerConfig.adamw(2e-4, 0))
                    .withSeed(a.seed());
            new SslTrainer(vq).fit(stage1, train, a.out().resolve("tokenizer"), false, null);

            // Stage 2: BEiT predicts the frozen tokenizer's codes of 40% block-masked patches.
            stage1.tokenizer().freezeParameters(true);
            Beit beit = new Beit(BeitConfig.defaults(), context, stage1.tokenizer());
            TrainerConfig config = TrainerConfig.of(a.epochs(), a.batchSize(), adamw).withSeed(a.seed());
            TrainingSummary summary = new SslTrainer(config).fit(beit, train, a.out().resolve("beit"), false, null);

            double knn = EncoderEvaluation.knn(
                    encoder, train, test, normalization, Device.cpu(), 10_000, 10_000).top1();
            return new Result(knn, summary);
        }
    }
}
