package io.github.djlssl.core.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.run.PretrainedEncoder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Evaluations of a pretraining run straight from its directory: loads the run's encoder and
 * normalisation ({@link PretrainedEncoder}), evaluates, and frees the encoder again.
 *
 * <pre>{@code
 * ImageSource train = DatasetSpec.parse("fashion-mnist").open(Optional.empty(), Split.TRAIN, 28);
 * ImageSource test = DatasetSpec.parse("fashion-mnist").open(Optional.empty(), Split.TEST, 28);
 * FineTuneResult r = RunEvaluation.finetune(Path.of("runs/simclr"), train, test, Device.cpu(),
 *         FineTuneConfig.defaults().withMaxTrain(1000));
 * System.out.println(r.testTop1());
 * }</pre>
 */
public final class RunEvaluation {

    private RunEvaluation() {}

    /**
     * Weighted kNN accuracy (k = 200, T = 0.1) of a run's frozen encoder.
     *
     * @param runDirectory a finished {@code pretrain --out} directory
     * @param train memory-bank images with labels
     * @param test query images with labels
     * @param device where to run
     * @param maxTrain bank size limit
     * @param maxTest query limit
     * @return the result
     * @throws IOException when the run cannot be read
     */
    public static KnnResult knn(
            Path runDirectory, ImageSource train, ImageSource test, Device device, int maxTrain, int maxTest)
            throws IOException {
        try (NDManager m = NDManager.newBaseManager(device)) {
            PretrainedEncoder run = PretrainedEncoder.load(runDirectory, m);
            return EncoderEvaluation.knn(run.encoder(), train, test, run.normalization(), device, maxTrain, maxTest);
        }
    }

    /**
     * Linear-probe accuracy of a run's frozen encoder.
     *
     * @param runDirectory a finished {@code pretrain --out} directory
     * @param train training images with labels
     * @param test test images with labels
     * @param device where to run
     * @param config the probe's settings
     * @return the result
     * @throws IOException when the run cannot be read
     */
    public static LinearProbeResult linear(
            Path runDirectory, ImageSource train, ImageSource test, Device device, LinearProbeConfig config)
            throws IOException {
        try (NDManager m = NDManager.newBaseManager(device)) {
            PretrainedEncoder run = PretrainedEncoder.load(runDirectory, m);
            return EncoderEvaluation.linear(run.encoder(), train, test, run.normalization(), device, config);
        }
    }

    /**
     * Fine-tuning accuracy of a run's encoder (a copy is trained; the run directory is only read).
     *
     * @param runDirectory a finished {@code pretrain --out} directory
     * @param train labelled training images (a class-balanced subset with {@code maxTrain})
     * @param test test images with labels
     * @param device where to run
     * @param config the fine-tuning recipe
     * @return the result
     * @throws IOException when the run cannot be read
     */
    public static FineTuneResult finetune(
            Path runDirectory, ImageSource train, ImageSource test, Device device, FineTuneConfig config)
            throws IOException {
        try (NDManager m = NDManager.newBaseManager(device)) {
            PretrainedEncoder run = PretrainedEncoder.load(runDirectory, m);
            return EncoderEvaluation.finetune(run.encoder(), train, test, run.normalization(), device, config);
        }
    }
}
