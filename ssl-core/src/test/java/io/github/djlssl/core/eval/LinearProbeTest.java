package io.github.djlssl.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    private static final int DIM = 8;
    private static final int CLASSES = 5;

    /** Linearly separable data: label = argmax of a fixed linear map, with a margin of noise. */
    private record Data(NDArray trainX, NDArray trainY, NDArray testX, NDArray testY) {}

    private static Data separable(NDManager m, long seed, double scale) {
        Rng rng = Rng.of(seed);
        NDArray centres = rng.uniform(m, new Shape(CLASSES, DIM), -1, 1).mul(3);
        NDArray trainY = labels(m, rng, 400);
        NDArray testY = labels(m, rng, 200);
        NDArray trainX = centres.get("{}", trainY).add(rng.uniform(m, new Shape(400, DIM), -1, 1)).mul(scale);
        NDArray testX = centres.get("{}", testY).add(rng.uniform(m, new Shape(200, DIM), -1, 1)).mul(scale);
        return new Data(trainX, trainY, testX, testY);
    }

    private static NDArray labels(NDManager m, Rng rng, int n) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(CLASSES);
        }
        return m.create(y);
    }

    private static final LinearProbeConfig FAST = LinearProbeConfig.defaults().withEpochs(20).withBatchSize(64);

    @Test
    void separableFeaturesAreLearnedAlmostPerfectly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Data d = separable(m, 1, 1.0);
            LinearProbeResult r = new LinearProbe(FAST).evaluate(d.trainX, d.trainY, d.testX, d.testY);
            assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
            assertTrue(r.trainAccuracy() >= 0.95, "train accuracy " + r.trainAccuracy());
            assertTrue(r.testTop5() >= r.testAccuracy());
            assertTrue(r.finalLoss() < 0.3, "final loss " + r.finalLoss());
            assertEquals(20, r.epochs());
            assertEquals(400, r.numTrain());
            assertEquals(200, r.numTest());
        }
    }

    @Test
    void standardisationMakesTheProbeScaleInvariant() {
        try (NDManager m = NDManager.newBaseManager()) {
            Data d = separable(m, 2, 1000.0); // features a thousand times larger than usual
            LinearProbeResult standardised = new LinearProbe(FAST).evaluate(d.trainX, d.trainY, d.testX, d.testY);
            assertTrue(standardised.testAccuracy() >= 0.95, "standardised " + standardised.testAccuracy());
            try (LinearClassifier c = new LinearProbe(FAST).fit(d.trainX, d.trainY, CLASSES)) {
                assertTrue(c.standardizes());
                // The classifier applies the training statistics: standardised train features have mean ~0, std ~1.
                NDArray z = c.standardized(d.trainX);
                assertTrue(z.mean(new int[] {0}).abs().max().getFloat() < 1e-3);
                assertEquals(1.0, z.square().mean(new int[] {0}).mean().getFloat(), 1e-3);
            }
        }
    }

    @Test
    void sameSeedSameClassifierDifferentSeedDifferentInit() {
        try (NDManager m = NDManager.newBaseManager()) {
            Data d = separable(m, 3, 1.0);
            LinearProbeConfig config = FAST.withEpochs(3).withWeightDecay(1e-4);
            try (LinearClassifier a = new LinearProbe(config).fit(d.trainX, d.trainY, CLASSES);
                    LinearClassifier b = new LinearProbe(config).fit(d.trainX, d.trainY, CLASSES);
                    LinearClassifier c = new LinearProbe(config.withSeed(9)).fit(d.trainX, d.trainY, CLASSES)) {
                assertTrue(a.weight().contentEquals(b.weight()));
                assertTrue(a.bias().contentEquals(b.bias()));
                assertFalse(a.weight().contentEquals(c.weight()));
                assertEquals(new Shape(DIM, CLASSES), a.weight().getShape());
                assertArrayEquals(a.predict(d.testX).toLongArray(), b.predict(d.testX).toLongArray());
            }
            LinearProbe probe = new LinearProbe(config);
            assertEquals(probe.evaluate(d.trainX, d.trainY, d.testX, d.testY),
                    probe.evaluate(d.trainX, d.trainY, d.testX, d.testY));
        }
    }

    private static void assertArrayEquals(long[] expected, long[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }

    @Test
    void repeatedProbesDoNotGrowTheCallerManager() {
        try (NDManager base = NDManager.newBaseManager(); NDManager m = base.newSubManager()) {
            Data d = separable(m, 4, 1.0);
            LinearProbe probe = new LinearProbe(FAST.withEpochs(2).withWeightDecay(1e-3));
            probe.evaluate(d.trainX, d.trainY, d.testX, d.testY);
            int after1 = m.getManagedArrays().size();
            probe.evaluate(d.trainX, d.trainY, d.testX, d.testY);
            int after2 = m.getManagedArrays().size();
            assertEquals(after1, after2);
            int before = m.getManagedArrays().size();
            new LinearProbe(FAST.withEpochs(1).withStandardize(false))
                    .evaluate(d.trainX, d.trainY, d.testX, d.testY);
            assertEquals(before, m.getManagedArrays().size());
            assertFalse(d.trainX.isReleased());
        }
    }

    @Test
    void withoutStandardisationUnitScaleFeaturesStillSeparate() {
        try (NDManager m = NDManager.newBaseManager()) {
            Data d = separable(m, 5, 1.0);
            LinearProbeResult r = new LinearProbe(FAST.withStandardize(false))
                    .evaluate(d.trainX, d.trainY, d.testX, d.testY);
            assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
        }
    }

    @Test
    void configValidatesWithFieldNames() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FAST.withEpochs(0))
                .getMessage().contains("epochs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FAST.withLearningRate(-1))
                .getMessage().contains("learningRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FAST.withBatchSize(0))
                .getMessage().contains("batchSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FAST.withWeightDecay(-0.1))
                .getMessage().contains("weightDecay"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LinearProbeConfig(1, 0.1, 1.0, 1, 0, true, 0)).getMessage().contains("momentum"));
    }
}
