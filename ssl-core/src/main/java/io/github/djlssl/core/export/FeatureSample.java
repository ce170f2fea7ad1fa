package io.github.djlssl.core.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fixed input batch and the encoder's features for it, written as safetensors so another
 * framework can check that it computes the same function from the exported weights:
 *
 * <ul>
 *   <li>{@code pixels} {@code [B, C, H, W]}: uniform [0, 1) images drawn by {@link Rng} from the seed;
 *   <li>{@code input}: the same after the encoder's normalisation, {@code (x − mean) / std} per
 *       channel — what the encoder sees;
 *   <li>{@code features} {@code [B, D]}: the pooled features in inference mode (BatchNorm uses its
 *       running statistics, like PyTorch's {@code model.eval()}).
 * </ul>
 */
public final class FeatureSample {

    private FeatureSample() {}

    /**
     * Computes and writes a sample.
     *
     * @param encoder an initialised encoder
     * @param normalization its input normalisation
     * @param batchSize images in the batch, >= 1
     * @param seed seed of the pixels
     * @param file the destination, written atomically
     * @return the written content
     * @throws IOException when writing fails
     */
    public static SafetensorsFile write(
            Encoder encoder, Normalize normalization, int batchSize, long seed, Path file) throws IOException {
        SafetensorsFile sample = compute(encoder, normalization, batchSize, seed);
        SafetensorsWriter.write(file, sample);
        return sample;
    }

    /**
     * Computes a sample without writing it.
     *
     * @param encoder an initialised encoder
     * @param normalization its input normalisation (channels must match the encoder's input)
     * @param batchSize images in the batch, >= 1
     * @param seed seed of the pixels
     * @return tensors {@code pixels, input, features} and metadata {@code seed, architecture}
     */
    public static SafetensorsFile compute(Encoder encoder, Normalize normalization, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        Shape image = encoder.inputShape();
        int channels = (int) image.get(0);
        if (normalization.channels() != channels) {
            throw new IllegalArgumentException(
                    "normalisation has " + normalization.channels() + " channels, the encoder takes " + channels);
        }
        Shape batch = new Shape(batchSize, channels, image.get(1), image.get(2));
        NDManager owner = encoder.getParameters().valueAt(0).getArray().getManager();
        try (NDManager sub = owner.newSubManager()) {
            NDArray pixels = new Rng(seed).uniform(sub, batch, 0, 1);
            Shape perChannel = new Shape(1, channels, 1, 1);
            NDArray mean = sub.create(normalization.mean(), perChannel);
            NDArray std = sub.create(normalization.std(), perChannel);
            NDArray input = pixels.sub(mean).div(std);
            NDArray features = encoder.features(new ParameterStore(sub, false), input, false);
            Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
            tensors.put("pixels", SafetensorsTensor.ofFloats(batch.getShape(), pixels.toFloatArray()));
            tensors.put("input", SafetensorsTensor.ofFloats(batch.getShape(), input.toFloatArray()));
            tensors.put("features",
                    SafetensorsTensor.ofFloats(features.getShape().getShape(), features.toFloatArray()));
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("format", "pt");
            metadata.put("producer", "djl-ssl");
            metadata.put("architecture", encoder.architecture());
            metadata.put("seed", Long.toString(seed));
            return new SafetensorsFile(tensors, metadata);
        }
    }
}
