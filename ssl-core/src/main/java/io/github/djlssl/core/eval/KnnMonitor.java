package io.github.djlssl.core.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.random.Rng;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kNN accuracy monitor of a pretraining run: every {@code everyEpochs} epochs, extract frozen
 * features (eval mode) of a fixed labelled memory bank and test set and classify the test set with
 * the weighted kNN of {@link KnnClassifier}, as lightly's benchmark modules do after each epoch.
 *
 * <p>When a set is larger than its cap, a seeded random subset is chosen once and copied into the
 * monitor's own manager; otherwise the monitor only holds references to the caller's arrays. Close
 * the monitor to free the subsets.
 */
public final class KnnMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KnnMonitor.class);

    private final NDManager manager;
    private final NDArray trainImages;
    private final NDArray trainLabels;
    private final NDArray testImages;
    private final NDArray testLabels;
    private final Function<NDArray, NDArray> preprocess;
    private final KnnMonitorConfig config;
    private final int numClasses;

    /**
     * Creates a monitor over labelled image sets.
     *
     * @param trainImages raw memory-bank images {@code [Ntrain, C, H, W]} (typically uint8)
     * @param trainLabels integer labels {@code [Ntrain]}
     * @param testImages raw test images {@code [Ntest, C, H, W]}
     * @param testLabels integer labels {@code [Ntest]}
     * @param preprocess maps a raw batch on the evaluation device to the normalised float encoder
     *     input (no augmentation)
     * @param config period, subset sizes and kNN protocol
     */
    public KnnMonitor(
            NDArray trainImages,
            NDArray trainLabels,
            NDArray testImages,
            NDArray testLabels,
            Function<NDArray, NDArray> preprocess,
            KnnMonitorConfig config) {
        this.preprocess = Objects.requireNonNull(preprocess, "preprocess");
        this.config = Objects.requireNonNull(config, "config");
        requireLabelled("train", trainImages, trainLabels);
        requireLabelled("test", testImages, testLabels);
        this.manager = trainImages.getManager().newSubManager();
        Rng rng = Rng.of(config.seed());
        NDArray[] train = subset(trainImages, trainLabels, config.maxTrain(), rng);
        NDArray[] test = subset(testImages, testLabels, config.maxTest(), rng);
        this.trainImages = train[0];
        this.trainLabels = train[1];
        this.testImages = test[0];
        this.testLabels = test[1];
        this.numClasses = ClassCount.of(this.trainLabels, this.testLabels);
    }

    /**
     * Returns whether the monitor should run after this epoch.
     *
     * @param completedEpochs number of epochs completed so far (1 after the first epoch)
     * @return true every {@code everyEpochs} epochs
     */
    public boolean isDue(int completedEpochs) {
        return completedEpochs > 0 && completedEpochs % config.everyEpochs() == 0;
    }

    /**
     * Extracts features of the memory bank and the test set and runs the weighted kNN.
     *
     * @param encoder the (initialised) encoder being trained; it runs with {@code training =
     *     false}, so BatchNorm running statistics are not updated
     * @param device where the encoder runs and the kNN is computed
     * @return the accuracies
     */
    public KnnResult evaluate(Encoder encoder, Device device) {
        try (NDManager scope = manager.newSubManager(device)) {
            NDArray trainFeatures = owned(scope, FeatureExtractor.extract(
                    encoder, trainImages, preprocess, config.batchSize(), device));
            NDArray testFeatures = owned(scope, FeatureExtractor.extract(
                    encoder, testImages, preprocess, config.batchSize(), device));
            NDArray bankLabels = onDevice(scope, trainLabels, device);
            NDArray queryLabels = onDevice(scope, testLabels, device);
            KnnResult result = new KnnClassifier(config.knn())
                    .evaluate(trainFeatures, bankLabels, testFeatures, queryLabels, numClasses);
            LOG.debug("kNN monitor ({}): {}", encoder.architecture(), result);
            return result;
        }
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public KnnMonitorConfig config() {
        return config;
    }

    /**
     * Returns the number of classes ({@code max label + 1} over both sets).
     *
     * @return the class count
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Returns the memory-bank size after capping.
     *
     * @return number of training images used
     */
    public long numTrain() {
        return trainImages.getShape().get(0);
    }

    /**
     * Returns the test-set size after capping.
     *
     * @return number of test images used
     */
    public long numTest() {
        return testImages.getShape().get(0);
    }

    /** Frees the subsets copied by this monitor (not the caller's arrays). */
    @Override
    public void close() {
        manager.close();
    }

    /** Returns {@code {images, labels}}: the arrays themselves, or a seeded random subset copy. */
    private NDArray[] subset(NDArray images, NDArray labels, int max, Rng rng) {
        int n = Math.toIntExact(images.getShape().get(0));
        if (n <= max) {
            return new NDArray[] {images, labels};
        }
        int[] chosen = Arrays.copyOf(rng.permutation(n), max);
        Arrays.sort(chosen); // memory order: the subset reads the source front to back
        long[] indices = Arrays.stream(chosen).asLongStream().toArray();
        try (NDManager scope = manager.newSubManager()) {
            NDArray imageIndex = scope.create(indices).toDevice(images.getDevice(), false);
            NDArray labelIndex = scope.create(indices).toDevice(labels.getDevice(), false);
            NDArray pickedImages = images.get(new NDIndex("{}", imageIndex));
            NDArray pickedLabels = labels.get(new NDIndex("{}", labelIndex));
            pickedImages.attach(manager);
            pickedLabels.attach(manager);
            return new NDArray[] {pickedImages, pickedLabels};
        }
    }

    private static NDArray owned(NDManager scope, NDArray array) {
        array.attach(scope);
        return array;
    }

    /** Moves labels to the device; a copy made there is freed with the scope. */
    private static NDArray onDevice(NDManager scope, NDArray labels, Device device) {
        NDArray moved = labels.toDevice(device, false);
        if (moved != labels) {
            moved.attach(scope);
        }
        return moved;
    }

    private static void requireLabelled(String name, NDArray images, NDArray labels) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(0) == 0) {
            throw new IllegalArgumentException(
                    name + "Images must be non-empty [N, C, H, W], got " + shape);
        }
        if (!labels.getShape().equals(new Shape(shape.get(0)))) {
            throw new IllegalArgumentException(
                    name + "Labels must be [" + shape.get(0) + "], got " + labels.getShape());
        }
    }
}
