package io.github.djlssl.examples.cli;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
                        ? new EncoderSpec(encoder, train.height(), train.channels(), width, patchSize)
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
        Encoder e = spec.build();
        e.initialize(manager, DataType.FLOAT32, new Shape(2, train.channels(), train.height(), train.width()));
        if (!randomInit) {
            Path file = run.resolve("encoder.params");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + " is missing: did the run finish?");
            }
            try (InputStream in = Files.newInputStream(file);
                    DataInputStream din = new DataInputStream(in)) {
                e.loadParameters(manager, din);
            } catch (MalformedModelException ex) {
                throw new IOException(file + " does not match encoder " + spec.name() + ": " + ex.getMessage(), ex);
            }
        }
        return e;
    }
}
