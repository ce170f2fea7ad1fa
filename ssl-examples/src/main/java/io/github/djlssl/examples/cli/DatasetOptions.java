package io.github.djlssl.examples.cli;

import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.data.DatasetSpec;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The dataset options every command shares, and how they open the sources. */
public final class DatasetOptions {

    @Option(
            names = "--dataset",
            defaultValue = "fashion-mnist",
            description = "fashion-mnist, mnist, cifar10, folder:PATH or synthetic[:N] (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--data-dir", description = "directory holding the dataset's files (overrides the default)")
    Path dataDir;

    @Option(names = "--max-samples", description = "use only the first N training images (a balanced prefix for the idx datasets)")
    Integer maxSamples;

    @Option(
            names = "--image-size",
            defaultValue = "64",
            description = "image side for folder datasets (others keep their native size; default: ${DEFAULT-VALUE})")
    int imageSize;

    /**
     * Returns the parsed dataset spec.
     *
     * @return the spec
     */
    public DatasetSpec spec() {
        return DatasetSpec.parse(dataset);
    }

    /**
     * Opens the training split, limited to {@code --max-samples}.
     *
     * @return the source
     * @throws IOException when the dataset is missing or malformed
     */
    public ImageSource train() throws IOException {
        ImageSource s = spec().open(Optional.ofNullable(dataDir), Split.TRAIN, imageSize);
        return maxSamples == null ? s : s.limit(maxSamples);
    }

    /**
     * Opens the whole training split, ignoring {@code --max-samples}: the kNN memory bank and the
     * probe's training set, so evaluations of runs with different pretraining budgets compare.
     *
     * @return the source
     * @throws IOException when the dataset is missing or malformed
     */
    public ImageSource trainAll() throws IOException {
        return spec().open(Optional.ofNullable(dataDir), Split.TRAIN, imageSize);
    }

    /**
     * Opens the test split, or empty when the dataset has none (an unlabelled folder).
     *
     * @return the source
     * @throws IOException when the dataset is malformed
     */
    public Optional<ImageSource> test() throws IOException {
        DatasetSpec spec = spec();
        if (spec.kind() == DatasetSpec.Kind.FOLDER) {
            try {
                return Optional.of(spec.open(Optional.ofNullable(dataDir), Split.TEST, imageSize));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(spec.open(Optional.ofNullable(dataDir), Split.TEST, imageSize));
    }

    /**
     * Returns the normalisation of the dataset: its own statistics where known, else ImageNet's
     * (RGB) or Fashion-MNIST's (gray).
     *
     * @param channels image channels
     * @return the normalisation
     */
    public Normalize normalization(int channels) {
        return switch (spec().kind()) {
            case FASHION_MNIST -> Normalize.fashionMnist();
            case MNIST -> new Normalize(new float[] {0.1307f}, new float[] {0.3081f});
            case CIFAR10 -> Normalize.cifar10();
            default -> Normalize.defaultFor(channels);
        };
    }
}
