package io.github.djlssl.core.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The encoder a pretraining run produced, rebuilt from its run directory: {@code config.json}
 * ({@link RunRecord}) names the architecture and normalisation, {@code encoder.params} holds the
 * weights (DJL's parameter format, written by {@code SslTrainer} at the end of the run).
 *
 * <pre>{@code
 * try (NDManager m = NDManager.newBaseManager()) {
 *     PretrainedEncoder p = PretrainedEncoder.load(Path.of("runs/simclr"), m);
 *     KnnResult r = EncoderEvaluation.knn(p.encoder(), train, test, p.normalization(), m.getDevice(), 10_000, 10_000);
 * }
 * }</pre>
 *
 * @param encoder the initialised encoder with the run's weights, owned by the given manager
 * @param spec the architecture
 * @param normalization the per-channel normalisation the run trained with
 * @param runDirectory where it came from
 */
public record PretrainedEncoder(Encoder encoder, EncoderSpec spec, Normalize normalization, Path runDirectory) {

    /** The weights file inside a run directory. */
    public static final String WEIGHTS_FILE = "encoder.params";

    /**
     * Loads a run's encoder.
     *
     * @param runDirectory the {@code --out} of a finished pretraining run
     * @param manager owner of the parameters (its device is where the encoder runs)
     * @return the encoder with its spec and normalisation
     * @throws IllegalArgumentException when the directory is not a finished run (names the file)
     * @throws IOException when the weights cannot be read or do not match the architecture
     */
    public static PretrainedEncoder load(Path runDirectory, NDManager manager) throws IOException {
        RunRecord record = RunRecord.read(runDirectory);
        EncoderSpec spec = record.encoder();
        Path file = runDirectory.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing: did the run finish?");
        }
        return new PretrainedEncoder(readParameters(file, spec, manager), spec, record.normalization(), runDirectory);
    }

    /**
     * Builds an encoder and reads DJL parameters into it, checking every shape.
     *
     * @param file a file written by {@code Block.saveParameters} (a run's {@code encoder.params})
     * @param spec the architecture the parameters belong to
     * @param manager owner of the parameters
     * @return the encoder
     * @throws IOException when the file cannot be read or does not match the spec, including a
     *     parameter of another shape (which DJL's own loader silently accepts)
     */
    public static Encoder readParameters(Path file, EncoderSpec spec, NDManager manager) throws IOException {
        Encoder encoder = initialise(spec, manager);
        // DJL's Parameter.load replaces each array with whatever shape the file holds: check after.
        Map<String, Shape> shapes = new LinkedHashMap<>();
        encoder.getParameters().forEach(p -> shapes.put(p.getKey(), p.getValue().getArray().getShape()));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream din = new DataInputStream(in)) {
            encoder.loadParameters(manager, din);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw new IOException(file + " does not match encoder " + spec + ": " + e.getMessage(), e);
        }
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            Shape loaded = p.getValue().getArray().getShape();
            if (!loaded.equals(shapes.get(p.getKey()))) {
                throw new IOException(file + " does not match encoder " + spec + ": parameter " + p.getKey()
                        + " has shape " + loaded + " in the file, " + shapes.get(p.getKey()) + " in the encoder");
            }
        }
        return encoder;
    }

    /**
     * Builds and initialises an encoder with random weights (the baseline every evaluation compares
     * against).
     *
     * @param spec the architecture
     * @param manager owner of the parameters
     * @return the initialised encoder
     */
    public static Encoder initialise(EncoderSpec spec, NDManager manager) {
        Encoder encoder = spec.build();
        encoder.initialize(
                manager,
                DataType.FLOAT32,
                new Shape(2, spec.inputChannels(), spec.imageSize(), spec.imageSize()));
        return encoder;
    }
}
