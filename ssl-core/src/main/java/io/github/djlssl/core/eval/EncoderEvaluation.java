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
 * Evaluations of an encoder straight from labelled image sources: the weighted kNN of the
 * benchmark tables and a linear probe on frozen features, and end-to-end fine-tuning of a copy.
 * Each reads both sources into memory once (uint8); kNN and the probe extract features in eval
 * mode on {@code device}. {@link RunEvaluation} does the same from a run directory.
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

    /**
     * Fine-tunes a copy of the encoder with a linear head on the labelled training images (a
     * class-balanced subset of {@link FineTuneConfig#maxTrain()} images when it is set) and
     * measures top-1 on the test images. The encoder itself is not modified.
     *
     * @param encoder the pretrained encoder (only read)
     * @param train training images with labels
     * @param test test images with labels
     * @param normalization the views' normalisation
     * @param device where to run
     * @param config the fine-tuning recipe
     * @return the loss curve and test accuracy
     */
    public static FineTuneResult finetune(
            Encoder encoder,
            ImageSource train,
            ImageSource test,
            Normalize normalization,
            Device device,
            FineTuneConfig config) {
        ImageSource labelled =
                config.maxTrain() > 0 && config.maxTrain() < train.size()
                        ? train.subset(LabelBudget.balanced(train, config.maxTrain(), config.seed()))
                        : train;
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                ImageBatch trainSet = ImageBatch.readAll(labelled, m);
                ImageBatch testSet = ImageBatch.readAll(test, m)) {
            // Images stay uint8 on the host; each step moves only its batch to the device.
            int classes = Math.max(train.numClasses(), ClassCount.of(trainSet.labels(), testSet.labels()));
            return new FineTuner(config)
                    .fit(encoder, trainSet.images(), trainSet.labels(), testSet.images(), testSet.labels(),
                            classes, normalization, device);
        }
    }
}
