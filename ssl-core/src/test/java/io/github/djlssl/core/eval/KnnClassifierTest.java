package io.github.djlssl.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class KnnClassifierTest {

    // Six 2-D training points: class 0 near the x axis, class 1 near the y axis.
    private static final float[][] TRAIN = {
        {1f, 0f}, {0.9f, 0.3f}, {2f, 0.8f}, {0f, 1f}, {0.4f, 1.1f}, {-0.3f, 2f}
    };
    private static final long[] TRAIN_LABELS = {0, 0, 0, 1, 1, 1};
    // The last query lies between the classes; its label is 1 while its vote goes to class 0.
    private static final float[][] TEST = {{1f, 0.1f}, {0.1f, 1f}, {0.8f, 0.7f}};
    private static final long[] TEST_LABELS = {0, 1, 1};

    /** The weighted vote of Wu et al. 2018 computed with doubles on the host. */
    private static double[][] referenceScores(
            float[][] train, long[] labels, float[][] test, int k, double t, int classes) {
        double[][] scores = new double[test.length][classes];
        for (int q = 0; q < test.length; q++) {
            double[] sims = new double[train.length];
            for (int j = 0; j < train.length; j++) {
                sims[j] = cosine(test[q], train[j]);
            }
            Integer[] order = new Integer[train.length];
            for (int j = 0; j < order.length; j++) {
                order[j] = j;
            }
            Arrays.sort(order, Comparator.comparingDouble(j -> -sims[j]));
            for (int r = 0; r < Math.min(k, train.length); r++) {
                int j = order[r];
                scores[q][(int) labels[j]] += Math.exp(sims[j] / t);
            }
        }
        return scores;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static void assertScoresClose(double[][] expected, NDArray actual) {
        float[] flat = actual.toFloatArray();
        int classes = expected[0].length;
        for (int q = 0; q < expected.length; q++) {
            for (int c = 0; c < classes; c++) {
                double e = expected[q][c];
                assertEquals(e, flat[q * classes + c], 1e-4 * Math.max(1, e), "score[" + q + "][" + c + "]");
            }
        }
    }

    @Test
    void matchesHandComputedWeightedVotes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray train = m.create(TRAIN);
            NDArray trainLabels = m.create(TRAIN_LABELS);
            NDArray test = m.create(TEST);
            NDArray testLabels = m.create(TEST_LABELS);
            KnnClassifier knn = new KnnClassifier(new KnnConfig(3, 0.1, 256));

            double[][] expected = referenceScores(TRAIN, TRAIN_LABELS, TEST, 3, 0.1, 2);
            assertScoresClose(expected, knn.classScores(train, trainLabels, test, 2));
            // Query 0: the three class-0 points are its neighbours: e^(10 s) summed into class 0 only.
            assertEquals(0.0, expected[0][1]);
            assertArrayEquals(new long[] {0, 1, 0}, knn.predict(train, trainLabels, test, 2).toLongArray());

            KnnResult result = knn.evaluate(train, trainLabels, test, testLabels);
            assertEquals(2.0 / 3.0, result.top1(), 1e-9);
            assertFalse(result.hasTop5());
            assertEquals(3, result.k());
            assertEquals(6, result.numTrain());
            assertEquals(3, result.numTest());
        }
    }

    @Test
    void lowTemperatureLetsTheNearestNeighbourOutvoteTwoFartherOnes() {
        // Query at 47 degrees; class 1 at 47 degrees, class 0 at 37 and 57 degrees (10 degrees off).
        float[][] train = {polar(37), polar(57), polar(47)};
        long[] labels = {0, 0, 1};
        float[][] query = {polar(47)};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray tr = m.create(train);
            NDArray lab = m.create(labels);
            NDArray q = m.create(query);
            // T = 0.1: e^10 < 2 e^(9.85): the two class-0 votes win.
            assertEquals(0L, new KnnClassifier(new KnnConfig(3, 0.1, 8)).predict(tr, lab, q, 2).getLong(0));
            // T = 0.02: e^50 > 2 e^(49.24): the single nearest neighbour wins.
            KnnClassifier sharp = new KnnClassifier(new KnnConfig(3, 0.02, 8));
            assertEquals(1L, sharp.predict(tr, lab, q, 2).getLong(0));
            assertScoresClose(referenceScores(train, labels, query, 3, 0.02, 2), sharp.classScores(tr, lab, q, 2));
        }
    }

    private static float[] polar(double degrees) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
    }

    @Test
    void chunkingGivesTheSameScoresAsOneChunk() {
        Rng rng = Rng.of(3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray train = rng.uniform(m, new Shape(50, 8), -1, 1);
            NDArray test = rng.uniform(m, new Shape(37, 8), -1, 1);
            long[] raw = new long[50];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = rng.nextInt(5);
            }
            NDArray labels = m.create(raw);
            NDArray testLabels = m.create(Arrays.copyOf(raw, 37));
            NDArray reference = new KnnClassifier(new KnnConfig(10, 0.1, 1000)).classScores(train, labels, test, 5);
            for (int chunk : new int[] {1, 7, 36, 37}) {
                KnnClassifier knn = new KnnClassifier(new KnnConfig(10, 0.1, chunk));
                assertTrue(reference.allClose(knn.classScores(train, labels, test, 5), 1e-5, 1e-6, false),
                        "chunk " + chunk);
                assertEquals(
                        new KnnClassifier(new KnnConfig(10, 0.1, 1000)).evaluate(train, labels, test, testLabels),
                        knn.evaluate(train, labels, test, testLabels), "chunk " + chunk);
            }
        }
    }

    @Test
    void kLargerThanTheBankUsesTheWholeBank() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray train = m.create(TRAIN);
            NDArray labels = m.create(TRAIN_LABELS);
            NDArray test = m.create(TEST);
            KnnClassifier big = new KnnClassifier(KnnConfig.defaults()); // k = 200 > 6
            NDArray scores = big.classScores(train, labels, test, 2);
            assertScoresClose(referenceScores(TRAIN, TRAIN_LABELS, TEST, 6, 0.1, 2), scores);
            assertTrue(scores.allClose(new KnnClassifier(new KnnConfig(6, 0.1, 256)).classScores(train, labels, test, 2)));
            assertEquals(6, big.evaluate(train, labels, test, m.create(TEST_LABELS)).k());
        }
    }

    @Test
    void wellSeparatedClustersAreClassifiedPerfectly() {
        Rng rng = Rng.of(11);
        int classes = 6;
        int dim = 16;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray centres = rng.uniform(m, new Shape(classes, dim), -1, 1).mul(10);
            long[] trainLabels = new long[120];
            long[] testLabels = new long[60];
            for (int i = 0; i < trainLabels.length; i++) {
                trainLabels[i] = i % classes;
            }
            for (int i = 0; i < testLabels.length; i++) {
                testLabels[i] = (i * 7) % classes;
            }
            NDArray ytr = m.create(trainLabels);
            NDArray yte = m.create(testLabels);
            NDArray train = centres.get("{}", ytr).add(rng.uniform(m, new Shape(120, dim), -0.5, 0.5));
            NDArray test = centres.get("{}", yte).add(rng.uniform(m, new Shape(60, dim), -0.5, 0.5));
            KnnResult result = new KnnClassifier(new KnnConfig(20, 0.1, 16)).evaluate(train, ytr, test, yte);
            assertEquals(1.0, result.top1());
            assertTrue(result.hasTop5());
            assertEquals(1.0, result.top5());
        }
    }

    @Test
    void similarityIsCosineSoScalingATrainVectorChangesNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray train = m.create(TRAIN);
            NDArray labels = m.create(TRAIN_LABELS);
            NDArray test = m.create(TEST);
            KnnClassifier knn = new KnnClassifier(new KnnConfig(3, 0.1, 2));
            NDArray scores = knn.classScores(train, labels, test, 2);
            float[][] scaled = Arrays.stream(TRAIN).map(float[]::clone).toArray(float[][]::new);
            scaled[3][0] *= 100f; // a class-1 point pushed far out along its own direction
            scaled[3][1] *= 100f;
            scaled[0][0] *= 0.01f; // and a class-0 point pulled towards the origin
            // (Euclidean neighbours would change: the first scaled point is now far from every query.)
            assertTrue(scores.allClose(knn.classScores(m.create(scaled), labels, test, 2), 1e-5, 1e-6, false));
        }
    }

    @Test
    void leavesOnlyItsResultOnTheCallerManager() {
        try (NDManager base = NDManager.newBaseManager(); NDManager m = base.newSubManager()) {
            NDArray train = m.create(TRAIN);
            NDArray labels = m.create(TRAIN_LABELS);
            NDArray test = m.create(TEST);
            NDArray testLabels = m.create(TEST_LABELS);
            KnnClassifier knn = new KnnClassifier(new KnnConfig(3, 0.1, 2));
            int before = m.getManagedArrays().size();
            knn.evaluate(train, labels, test, testLabels);
            knn.evaluate(train, labels, train, labels); // same array as bank and query
            assertEquals(before, m.getManagedArrays().size());
            assertFalse(train.isReleased());
            knn.classScores(train, labels, test, 2).close();
            knn.predict(train, labels, test, 2).close();
            assertEquals(before, m.getManagedArrays().size());
        }
    }

    @Test
    void configValidatesWithFieldNames() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new KnnConfig(0, 0.1, 1))
                .getMessage().contains("k must"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new KnnConfig(5, 0, 1))
                .getMessage().contains("temperature"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new KnnConfig(5, 0.1, 0))
                .getMessage().contains("chunkSize"));
        assertEquals(new KnnConfig(200, 0.1, 256), KnnConfig.defaults());
    }
}
