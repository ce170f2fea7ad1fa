package io.github.djlssl.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.djlssl.core.random.Rng;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linear evaluation: trains a linear classifier {@code W [D, classes]}, {@code b [classes]} on
 * frozen features with cross-entropy and mini-batch SGD (see {@link LinearProbeConfig} for the
 * protocol), then reports train and test accuracy.
 *
 * <p>Implementation: plain NDArrays with {@code setRequiresGradient(true)}, one engine gradient
 * collector per step, in-place momentum updates and gradient zeroing. No DJL {@code Trainer} is
 * built: its optimiser state is never freed, so repeated probes (one per monitored epoch) would
 * leak. Every step runs in its own sub-manager; the shuffled copy of the features lives for one
 * epoch. All randomness (initialisation {@code N(0, 0.01²)} as in MAE's head, per-epoch shuffles)
 * comes from a seeded {@link Rng}, so equal seeds give equal classifiers.
 *
 * <p>Must not be called while another gradient collector is open (the PyTorch engine allows only
 * one at a time).
 */
public final class LinearProbe {

    private static final Logger LOG = LoggerFactory.getLogger(LinearProbe.class);

    /** Keeps a constant feature dimension finite after standardisation (BatchNorm's eps). */
    private static final double STD_EPS = 1e-6;

    /** Rows per forward pass when measuring accuracy. */
    private static final int EVAL_CHUNK = 4096;

    private static final double INIT_STD = 0.01;

    private final LinearProbeConfig config;

    /**
     * Creates a probe.
     *
     * @param config the optimisation settings
     */
    public LinearProbe(LinearProbeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Creates a probe with {@link LinearProbeConfig#defaults()}. */
    public LinearProbe() {
        this(LinearProbeConfig.defaults());
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public LinearProbeConfig config() {
        return config;
    }

    /**
     * Trains on the training features and measures accuracy on both sets; the number of classes is
     * {@code max label + 1} over both label sets.
     *
     * @param trainFeatures frozen features {@code [Ntrain, D]}
     * @param trainLabels integer labels {@code [Ntrain]}
     * @param testFeatures frozen features {@code [Ntest, D]} on the same device
     * @param testLabels integer labels {@code [Ntest]}
     * @return accuracies and the final training loss
     */
    public LinearProbeResult evaluate(
            NDArray trainFeatures, NDArray trainLabels, NDArray testFeatures, NDArray testLabels) {
        return evaluate(
                trainFeatures, trainLabels, testFeatures, testLabels,
                ClassCount.of(trainLabels, testLabels));
    }

    /**
     * Trains on the training features and measures accuracy on both sets.
     *
     * @param trainFeatures frozen features {@code [Ntrain, D]}
     * @param trainLabels integer labels {@code [Ntrain]} in {@code [0, numClasses)}
     * @param testFeatures frozen features {@code [Ntest, D]} on the same device
     * @param testLabels integer labels {@code [Ntest]}
     * @param numClasses number of classes
     * @return accuracies and the final training loss
     */
    public LinearProbeResult evaluate(
            NDArray trainFeatures,
            NDArray trainLabels,
            NDArray testFeatures,
            NDArray testLabels,
            int numClasses) {
        requireLabelled(testFeatures, testLabels, trainFeatures.getShape().get(1));
        Fit fit = train(trainFeatures, trainLabels, numClasses);
        try (LinearClassifier classifier = fit.classifier) {
            long[] train = correct(classifier, trainFeatures, trainLabels);
            long[] test = correct(classifier, testFeatures, testLabels);
            long numTrain = trainFeatures.getShape().get(0);
            long numTest = testFeatures.getShape().get(0);
            double top5 = numClasses >= 5 ? (double) test[1] / numTest : Double.NaN;
            return new LinearProbeResult(
                    (double) train[0] / numTrain,
                    (double) test[0] / numTest,
                    top5,
                    fit.finalLoss,
                    config.epochs(),
                    numTrain,
                    numTest);
        }
    }

    /**
     * Trains a classifier and returns it (for predictions beyond the accuracy numbers).
     *
     * @param trainFeatures frozen features {@code [Ntrain, D]}
     * @param trainLabels integer labels {@code [Ntrain]} in {@code [0, numClasses)}
     * @param numClasses number of classes, &gt; 0
     * @return the classifier, on the features' device; the caller closes it
     */
    public LinearClassifier fit(NDArray trainFeatures, NDArray trainLabels, int numClasses) {
        return train(trainFeatures, trainLabels, numClasses).classifier;
    }

    private record Fit(LinearClassifier classifier, double finalLoss) {}

    private Fit train(NDArray trainFeatures, NDArray trainLabels, int numClasses) {
        Shape shape = trainFeatures.getShape();
        if (shape.dimension() != 2 || shape.get(0) == 0) {
            throw new IllegalArgumentException("trainFeatures must be non-empty [N, D], got " + shape);
        }
        requireLabelled(trainFeatures, trainLabels, shape.get(1));
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be > 0, got " + numClasses);
        }
        int n = Math.toIntExact(shape.get(0));
        int dim = Math.toIntExact(shape.get(1));
        NDManager caller = trainFeatures.getManager();
        NDManager owned = caller.newSubManager(trainFeatures.getDevice());
        try (NDManager work = caller.newSubManager(trainFeatures.getDevice())) {
            Borrowing.borrow(work, trainFeatures, trainLabels);
            Rng rng = Rng.of(config.seed());
            NDArray x = trainFeatures.toType(DataType.FLOAT32, false);
            NDArray mean = null;
            NDArray std = null;
            if (config.standardize()) {
                mean = x.mean(new int[] {0}, true); // [1, D]
                std = x.sub(mean).square().mean(new int[] {0}, true).add(STD_EPS).sqrt();
                mean.attach(owned);
                std.attach(owned);
                x = x.sub(mean).div(std);
            }
            NDArray labels = trainLabels.toType(DataType.INT64, false);
            NDArray weight = owned.create(gaussian(rng, dim * numClasses), new Shape(dim, numClasses));
            NDArray bias = owned.zeros(new Shape(numClasses), DataType.FLOAT32);
            NDArray weightVelocity = work.zeros(weight.getShape(), DataType.FLOAT32);
            NDArray biasVelocity = work.zeros(bias.getShape(), DataType.FLOAT32);
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            Sgd sgd = new Sgd(weight, bias, weightVelocity, biasVelocity);

            int batch = Math.min(config.batchSize(), n);
            long stepsPerEpoch = (n + batch - 1) / batch;
            long totalSteps = stepsPerEpoch * config.epochs();
            NDArray epochLoss = work.zeros(new Shape(), DataType.FLOAT32);
            long step = 0;
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                epochLoss.muli(0);
                try (NDManager epochScope = work.newSubManager()) {
                    NDArray order = epochScope.create(toLongs(rng.permutation(n)));
                    NDArray xs = x.get(new NDIndex("{}", order)); // one shuffled copy per epoch
                    NDArray ys = labels.get(new NDIndex("{}", order));
                    xs.attach(epochScope);
                    ys.attach(epochScope);
                    for (long start = 0; start < n; start += batch) {
                        long end = Math.min(n, start + batch);
                        double lr = cosine(step++, totalSteps);
                        try (NDManager stepScope = epochScope.newSubManager()) {
                            NDIndex rows = NDIndex.sliceAxis(0, start, end);
                            NDArray xb = xs.get(rows);
                            NDArray yb = ys.get(rows);
                            xb.attach(stepScope);
                            yb.attach(stepScope);
                            NDArray loss = sgd.lossAndGradients(stepScope, xb, yb);
                            epochLoss.addi(loss.mul(end - start));
                            sgd.update(stepScope, lr);
                        }
                    }
                }
            }
            weight.setRequiresGradient(false);
            bias.setRequiresGradient(false);
            double finalLoss = epochLoss.getFloat() / n; // the only host sync of training
            LOG.debug("linear probe: {} epochs, {} steps, final loss {}", config.epochs(), step, finalLoss);
            return new Fit(new LinearClassifier(owned, weight, bias, mean, std), finalLoss);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    /** SGD with heavy-ball momentum on the two probe parameters. */
    private final class Sgd {
        private final NDArray weight;
        private final NDArray bias;
        private final NDArray weightVelocity;
        private final NDArray biasVelocity;

        Sgd(NDArray weight, NDArray bias, NDArray weightVelocity, NDArray biasVelocity) {
            this.weight = weight;
            this.bias = bias;
            this.weightVelocity = weightVelocity;
            this.biasVelocity = biasVelocity;
        }

        /** Runs forward and backward; returns the detached mean cross-entropy, in {@code scope}. */
        NDArray lossAndGradients(NDManager scope, NDArray xb, NDArray yb) {
            try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                NDArray logits = xb.matMul(weight).add(bias); // [b, classes]
                NDArray logProb = logits.logSoftmax(1).get(new NDIndex().addAllDim().addPickDim(yb));
                NDArray loss = logProb.mean().neg();
                collector.backward(loss);
                NDArray detached = loss.stopGradient();
                detached.attach(scope);
                return detached;
            }
        }

        /** {@code v = m v + g (+ wd W); p -= lr v}; then zeroes the gradients (the engine accumulates). */
        void update(NDManager scope, double lr) {
            // Borrow the long-lived arrays so temporaries of the update die with the step.
            Borrowing.borrow(scope, weight, bias, weightVelocity, biasVelocity);
            NDArray weightGrad = weight.getGradient();
            NDArray biasGrad = bias.getGradient();
            if (config.weightDecay() > 0) {
                weightGrad.addi(weight.mul(config.weightDecay()));
            }
            weightVelocity.muli(config.momentum()).addi(weightGrad);
            biasVelocity.muli(config.momentum()).addi(biasGrad);
            weight.subi(weightVelocity.mul(lr));
            bias.subi(biasVelocity.mul(lr));
            weightGrad.muli(0);
            biasGrad.muli(0);
        }
    }

    /** Cosine decay from the peak rate to 0 over all steps, per step (lightly's schedule). */
    private double cosine(long step, long totalSteps) {
        return config.learningRate() * 0.5 * (1 + Math.cos(Math.PI * step / totalSteps));
    }

    private static float[] gaussian(Rng rng, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (rng.nextGaussian() * INIT_STD);
        }
        return values;
    }

    private static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Counts top-1 and top-5 hits in chunks; one host sync. */
    private static long[] correct(LinearClassifier classifier, NDArray features, NDArray labels) {
        long n = features.getShape().get(0);
        try (NDManager scope = features.getManager().newSubManager(features.getDevice())) {
            Borrowing.borrow(scope, features, labels);
            NDArray hits = scope.zeros(new Shape(2), DataType.INT64);
            for (long start = 0; start < n; start += EVAL_CHUNK) {
                try (NDManager chunkScope = scope.newSubManager()) {
                    NDIndex rows = NDIndex.sliceAxis(0, start, Math.min(n, start + EVAL_CHUNK));
                    NDArray x = features.get(rows);
                    NDArray y = labels.get(rows);
                    x.attach(chunkScope);
                    y.attach(chunkScope);
                    hits.addi(TopKCorrect.count(classifier.logits(x), y));
                }
            }
            return hits.toLongArray();
        }
    }

    private static void requireLabelled(NDArray features, NDArray labels, long dim) {
        Shape shape = features.getShape();
        if (shape.dimension() != 2 || shape.get(0) == 0 || shape.get(1) != dim) {
            throw new IllegalArgumentException("features must be non-empty [N, " + dim + "], got " + shape);
        }
        if (!labels.getShape().equals(new Shape(shape.get(0)))) {
            throw new IllegalArgumentException(
                    "labels must be [" + shape.get(0) + "], got " + labels.getShape());
        }
    }
}
