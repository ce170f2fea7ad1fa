package io.github.djlssl.examples;

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
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.optim.OptimizerConfig;
import io.github.djlssl.core.train.SslTrainer;
import io.github.djlssl.core.train.TrainerConfig;
import io.github.djlssl.core.train.TrainingSummary;
import io.github.djlssl.mim.mae.Mae;
import io.github.djlssl.mim.mae.MaeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * MAE on Fashion-MNIST with ViT-Tiny (patch 4, a 7 × 7 grid) and a small decoder: pretrain and
 * report the reconstruction loss per epoch. (kNN is a poor read-out for MAE features: probe or
 * fine-tune instead.)
 */
public final class MaeExample {

    /**
     * The outcome.
     *
     * @param epochLosses mean masked-patch loss of each epoch
     * @param summary what the training did
     */
    public record Result(List<Double> epochLosses, TrainingSummary summary) {}

    private MaeExample() {}

    /**
     * Runs the example, e.g. {@code --epochs 2 --max-samples 2048 --out runs/mae-example}.
     *
     * @param args see {@link ExampleArgs} ({@code --width} is ignored: the ViT is fixed)
     * @throws Exception on a missing dataset or I/O failure
     */
    public static void main(String[] args) throws Exception {
        System.out.println("epoch_losses=" + run(args).epochLosses());
    }

    /**
     * Runs the example and returns its result (tests call this).
     *
     * @param args see {@link ExampleArgs}
     * @return the loss per epoch and the training summary
     * @throws Exception on a missing dataset or I/O failure
     */
    public static Result run(String... args) throws Exception {
        ExampleArgs a = ExampleArgs.parse(args,
                new ExampleArgs(5, 10_000, 128, 0, Optional.empty(), Path.of("runs/mae-example"), 42));
        Path dir = a.dataDir().orElse(IdxImageSource.FASHION_MNIST_DEFAULT_DIR);
        ImageSource train = IdxImageSource.fashionMnist(dir, Split.TRAIN).limit(a.maxSamples());
        Engine.getInstance().setRandomSeed((int) a.seed());

        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder vit = EncoderSpec.of("vit-tiny", 28, 1).withPatchSize(4).build();
            vit.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            Mae mae = new Mae(MaeConfig.smallImages(),
                    new MethodContext(vit, manager, Normalize.fashionMnist(), a.seed()));

            // MAE's recipe (Table 8): AdamW 1.5e-4 × B/256, betas (0.9, 0.95), wd 0.05; 1 warm-up epoch here.
            OptimizerConfig adamw = OptimizerConfig.adamw(
                    OptimizerConfig.linearScaledLr(1.5e-4, a.batchSize()), 0.05, 0.9, 0.95)
                    .withWarmupEpochs(Math.min(1, a.epochs() - 1));
            TrainerConfig config = TrainerConfig.of(a.epochs(), a.batchSize(), adamw).withSeed(a.seed());
            TrainingSummary summary = new SslTrainer(config).fit(mae, train, a.out(), false, null);
            return new Result(summary.epochLosses(), summary);
        }
    }
}
