package io.github.djlssl.examples.cli;

import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.run.PretrainedEncoder;
import io.github.djlssl.core.run.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Where an evaluated encoder comes from: a pretraining run, or a random initialisation. */
public final class EncoderSource {

    @Option(names = "--run", description = "a pretrain --out directory")
    Path run;

    @Option(names = "--random-init", description = "evaluate a randomly initialised encoder (the baseline)")
    boolean randomInit;

    @Option(names = "--encoder", defaultValue = "resnet18", description = "with --random-init (default: ${DEFAULT-VALUE})")
    String encoder;

    @Option(names = "--width", defaultValue = "0", description = "with --random-init: ResNet width")
    int width;

    @Option(names = "--patch-size", defaultValue = "0", description = "with --random-init: ViT patch size")
    int patchSize;

    @Option(names = "--pool", defaultValue = "cls", description = "with --random-init: ViT pooling, cls or mean")
    String pool;

    /**
     * Parses a {@code --pool} value.
     *
     * @param value cls or mean (any case)
     * @return the pooling
     */
    static VitConfig.Pooling pooling(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "cls" -> VitConfig.Pooling.CLS;
            case "mean" -> VitConfig.Pooling.MEAN;
            default -> throw new IllegalArgumentException("unknown --pool '" + value + "'; use cls or mean");
        };
    }

    /**
     * Builds and initialises the encoder, loading the run's weights unless {@code --random-init}.
     *
     * @param manager owner of the parameters
     * @param train the training source (image shape)
     * @return the encoder
     * @throws IOException when the run's weights cannot be read
     */
    Encoder load(NDManager manager, ImageSource train) throws IOException {
        if (randomInit == (run != null)) {
            throw new IllegalArgumentException("give exactly one of --run DIR and --random-init");
        }
        EncoderSpec spec =
                randomInit
                        ? new EncoderSpec(encoder, train.height(), train.channels(), width, patchSize, pooling(pool))
                        : RunRecord.read(run).encoder();
        if (spec.imageSize() != train.height() || spec.inputChannels() != train.channels()) {
            throw new IllegalArgumentException(
                    "the encoder expects "
                            + spec.inputChannels()
                            + "x"
                            + spec.imageSize()
                            + " px images but the dataset has "
                            + train.channels()
                            + "x"
                            + train.height());
        }
        return randomInit ? PretrainedEncoder.initialise(spec, manager) : PretrainedEncoder.load(run, manager).encoder();
    }

    /**
     * The normalisation evaluation must apply: the run's own, or the dataset's for a random init.
     *
     * @param data the dataset options
     * @param channels image channels
     * @return the normalisation
     * @throws IOException when the run record cannot be read
     */
    Normalize normalization(DatasetOptions data, int channels) throws IOException {
        return run != null ? RunRecord.read(run).normalization() : data.normalization(channels);
    }
}
