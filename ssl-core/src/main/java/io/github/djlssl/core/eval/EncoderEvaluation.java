package io.github.djlssl.core.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.data.ImageBatch;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.encoder.Encoder;
import java.util.function.Function;

/**
 * Evaluations of a frozen encoder straight from labelled image sources: the weighted kNN of the
 * benchmark tables and a linear probe. Each reads both sources into memory once (uint8) and
 * extracts features in eval mode on {@code device}.
 */
public final class EncoderEvaluation {

    private static final int BATCH = 256;

    private EncoderEvaluation() {}

    /**
     * Builds a kNN monitor on (seeded random subsets of) the two sources.
     *
     * @param manager owner of the image tensors
     * @param train memory-bank images
     * @param test query images
     * @param normalization the views' normalisation
     * @param everyEpochs period when used during training
     * @param maxTrain bank size limit
     * @param maxTest query limit
     * @return the monitor (closes its subsets)
     */
    public static KnnMonitor monitor(
            NDManager manager,
            ImageSource train,
            ImageSource test,
            Normalize normalization,
            int everyEpochs,
            int maxTrain,
            int maxTest) {
        ImageBatch bank = ImageBatch.readAll(train, manager);
        ImageBatch queries = ImageBatch.readAll(test, manager);
        return new KnnMonitor(
                bank.images(),
                bank.labels(),
                queries.images(),
                queries.labels(),
                EvalTransform.of(normalization),
                new KnnMonitorConfig(
                        Math.max(1, everyEpochs), maxTrain, maxTest, BATCH, KnnConfig.defaults(), 0L));
    }

    /**
     * Weighted kNN accuracy (k = 200, T = 0.1) of a frozen encoder.
     *
     * @param encoder the encoder (BatchNorm in eval mode)
     * @param train memory-bank images with labels
     * @param test query images with labels
     * @param normalization the views' normalisation
     * @param device where to run
     * @param maxTrain bank size limit (a seeded random subset above it)
     * @param maxTest query limit (a seeded random subset above it)
     * @return the result
     */
    public static KnnResult knn(
            Encoder encoder,
            ImageSource train,
            ImageSource test,
            Normalize normalization,
            Device device,
            int maxTrain,
            int maxTest) {
        try (NDManager m = NDManager.newBaseManager(device);
                KnnMonitor monitor = monitor(m, train, test, normalization, 1, maxTrain, maxTest)) {
            return monitor.evaluate(encoder, device);
        }
    }

    /**
     * Linear-probe accuracy of a frozen encoder.
     *
     * @param encoder the encoder (BatchNorm in eval mode)
     * @param train training images with labels
     * @param test test images with labels
     * @param normalization the views' normalisation
     * @param device where to run
     * @param config the probe's optimisation settings
     * @return the result
     */
    public static LinearProbeResult linear(
            Encoder encoder,
            ImageSource train,
            ImageSource test,
            Normalize normalization,
            Device device,
            LinearProbeConfig config) {
        Function<NDArray, NDArray> preprocess = EvalTransform.of(normalization);
        try (NDManager m = NDManager.newBaseManager(device);
                ImageBatch trainSet = ImageBatch.readAll(train, m);
                ImageBatch testSet = ImageBatch.readAll(test, m)) {
            NDArray trainFeatures = FeatureExtractor.extract(encoder, trainSet.images(), preprocess, BATCH, device);
            NDArray testFeatures = FeatureExtractor.extract(encoder, testSet.images(), preprocess, BATCH, device);
            return new LinearProbe(config)
                    .evaluate(trainFeatures, trainSet.labels(), testFeatures, testSet.labels());
        }
    }
}
