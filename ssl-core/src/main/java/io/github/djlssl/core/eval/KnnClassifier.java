package io.github.djlssl.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * The weighted k-nearest-neighbour classifier of Wu et al. 2018 ("Unsupervised Feature Learning via
 * Non-Parametric Instance Discrimination", §3.4), the kNN protocol of lightly's and solo-learn's
 * benchmark tables.
 *
 * <p>For a test feature {@code q} and L2-normalised training features {@code t_j}: take the k
 * training samples of highest cosine similarity {@code s_j = q·t_j / (|q| |t_j|)}, give each the
 * weight {@code w_j = exp(s_j / T)}, and score class c by {@code sum_j w_j [y_j = c]}; the
 * prediction is the highest-scoring class. The test set is scored in chunks so that the similarity
 * matrix never exceeds {@code [chunkSize, Ntrain]}.
 *
 * <p>All work runs on the features' device in a scope that is closed before returning; only the
 * returned array (if any) is attached to the caller's manager.
 */
public final class KnnClassifier {

    private final KnnConfig config;

    /**
     * Creates a classifier.
     *
     * @param config k, temperature and chunk size
     */
    public KnnClassifier(KnnConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Creates a classifier with the benchmark protocol ({@link KnnConfig#defaults()}). */
    public KnnClassifier() {
        this(KnnConfig.defaults());
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public KnnConfig config() {
        return config;
    }

    /**
     * Computes the weighted class votes of every test sample.
     *
     * @param trainFeatures memory bank {@code [Ntrain, D]}
     * @param trainLabels labels {@code [Ntrain]} in {@code [0, numClasses)}, integer type
     * @param testFeatures queries {@code [Ntest, D]} on the same device
     * @param numClasses number of classes, &gt; 0
     * @return float32 scores {@code [Ntest, numClasses]}, attached to {@code testFeatures}' manager
     */
    public NDArray classScores(
            NDArray trainFeatures, NDArray trainLabels, NDArray testFeatures, int numClasses) {
        validate(trainFeatures, trainLabels, testFeatures, null, numClasses);
        NDManager caller = testFeatures.getManager();
        long numTest = testFeatures.getShape().get(0);
        try (NDManager scope = caller.newSubManager(testFeatures.getDevice())) {
            Borrowing.borrow(scope, trainFeatures, trainLabels, testFeatures);
            NDArray out = scope.zeros(new Shape(numTest, numClasses), DataType.FLOAT32);
            Bank bank = new Bank(trainFeatures, trainLabels, testFeatures);
            for (long start = 0; start < numTest; start += config.chunkSize()) {
                long end = Math.min(numTest, start + config.chunkSize());
                try (NDManager chunkScope = scope.newSubManager()) {
                    NDIndex rows = NDIndex.sliceAxis(0, start, end);
                    out.set(rows, bank.scores(chunkScope, rows, numClasses));
                }
            }
            out.attach(caller);
            return out;
        }
    }

    /**
     * Predicts the highest-voted class of every test sample.
     *
     * @param trainFeatures memory bank {@code [Ntrain, D]}
     * @param trainLabels labels {@code [Ntrain]}
     * @param testFeatures queries {@code [Ntest, D]}
     * @param numClasses number of classes
     * @return int64 predictions {@code [Ntest]}, attached to {@code testFeatures}' manager
     */
    public NDArray predict(
            NDArray trainFeatures, NDArray trainLabels, NDArray testFeatures, int numClasses) {
        NDArray scores = classScores(trainFeatures, trainLabels, testFeatures, numClasses);
        NDArray predictions = scores.argMax(1).toType(DataType.INT64, false);
        if (predictions != scores) {
            scores.close();
        }
        return predictions;
    }

    /**
     * Measures top-1 (and top-5) accuracy, with the number of classes taken from the labels
     * ({@code max label + 1} over both sets).
     *
     * @param trainFeatures memory bank {@code [Ntrain, D]}
     * @param trainLabels labels {@code [Ntrain]}
     * @param testFeatures queries {@code [Ntest, D]}
     * @param testLabels labels {@code [Ntest]}
     * @return the accuracies
     */
    public KnnResult evaluate(
            NDArray trainFeatures, NDArray trainLabels, NDArray testFeatures, NDArray testLabels) {
        return evaluate(
                trainFeatures, trainLabels, testFeatures, testLabels,
                ClassCount.of(trainLabels, testLabels));
    }

    /**
     * Measures top-1 accuracy, and top-5 accuracy when there are at least 5 classes.
     *
     * @param trainFeatures memory bank {@code [Ntrain, D]}
     * @param trainLabels labels {@code [Ntrain]}
     * @param testFeatures queries {@code [Ntest, D]}
     * @param testLabels labels {@code [Ntest]}
     * @param numClasses number of classes
     * @return the accuracies
     */
    public KnnResult evaluate(
            NDArray trainFeatures,
            NDArray trainLabels,
            NDArray testFeatures,
            NDArray testLabels,
            int numClasses) {
        validate(trainFeatures, trainLabels, testFeatures, testLabels, numClasses);
        long numTrain = trainFeatures.getShape().get(0);
        long numTest = testFeatures.getShape().get(0);
        try (NDManager scope = testFeatures.getManager().newSubManager(testFeatures.getDevice())) {
            Borrowing.borrow(scope, trainFeatures, trainLabels, testFeatures, testLabels);
            Bank bank = new Bank(trainFeatures, trainLabels, testFeatures);
            NDArray hits = scope.zeros(new Shape(2), DataType.INT64);
            for (long start = 0; start < numTest; start += config.chunkSize()) {
                long end = Math.min(numTest, start + config.chunkSize());
                try (NDManager chunkScope = scope.newSubManager()) {
                    NDIndex rows = NDIndex.sliceAxis(0, start, end);
                    NDArray scores = bank.scores(chunkScope, rows, numClasses);
                    NDArray labels = testLabels.get(rows);
                    labels.attach(chunkScope);
                    hits.addi(TopKCorrect.count(scores, labels));
                }
            }
            long[] counts = hits.toLongArray(); // the only host sync
            double top5 = numClasses >= 5 ? (double) counts[1] / numTest : Double.NaN;
            return new KnnResult(
                    (double) counts[0] / numTest, top5, effectiveK(numTrain), numTrain, numTest);
        }
    }

    private int effectiveK(long numTrain) {
        return (int) Math.min(config.k(), numTrain);
    }

    private static void validate(
            NDArray trainFeatures,
            NDArray trainLabels,
            NDArray testFeatures,
            NDArray testLabels,
            int numClasses) {
        Shape train = trainFeatures.getShape();
        Shape test = testFeatures.getShape();
        if (train.dimension() != 2 || train.get(0) == 0) {
            throw new IllegalArgumentException("trainFeatures must be non-empty [N, D], got " + train);
        }
        if (test.dimension() != 2 || test.get(0) == 0 || test.get(1) != train.get(1)) {
            throw new IllegalArgumentException(
                    "testFeatures must be non-empty [N, " + train.get(1) + "], got " + test);
        }
        if (!trainLabels.getShape().equals(new Shape(train.get(0)))) {
            throw new IllegalArgumentException(
                    "trainLabels must be [" + train.get(0) + "], got " + trainLabels.getShape());
        }
        if (testLabels != null && !testLabels.getShape().equals(new Shape(test.get(0)))) {
            throw new IllegalArgumentException(
                    "testLabels must be [" + test.get(0) + "], got " + testLabels.getShape());
        }
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be > 0, got " + numClasses);
        }
    }

    /** The normalised memory bank and queries, prepared once per call. */
    private final class Bank {
        private final NDArray trainT; // [D, Ntrain], unit columns
        private final NDArray labels; // int64 [Ntrain]
        private final NDArray queries; // [Ntest, D], unit rows
        private final int k;

        Bank(NDArray trainFeatures, NDArray trainLabels, NDArray testFeatures) {
            // F.normalize's eps: a zero feature gets similarity 0 to everything instead of NaN.
            trainT = trainFeatures.toType(DataType.FLOAT32, false).normalize(2, 1, 1e-12).transpose();
            labels = trainLabels.toType(DataType.INT64, false);
            queries = testFeatures.toType(DataType.FLOAT32, false).normalize(2, 1, 1e-12);
            k = effectiveK(trainFeatures.getShape().get(0));
        }

        /** Returns the class votes {@code [b, classes]} of the query rows, in {@code chunkScope}. */
        NDArray scores(NDManager chunkScope, NDIndex rows, int numClasses) {
            NDArray q = queries.get(rows);
            q.attach(chunkScope);
            NDArray similarity = q.matMul(trainT); // [b, Ntrain] cosine similarities
            NDList top = similarity.topK(k, 1, true, true);
            NDArray weights = top.get(0).div(config.temperature()).exp(); // [b, k]
            NDArray neighbourLabels = labels.take(top.get(1)); // [b, k]
            neighbourLabels.attach(chunkScope);
            NDArray votes = neighbourLabels.oneHot(numClasses, DataType.FLOAT32); // [b, k, C]
            // Sum of weights per class: [b, 1, k] x [b, k, C] -> [b, 1, C].
            return weights.expandDims(1).batchMatMul(votes).squeeze(1);
        }
    }
}
