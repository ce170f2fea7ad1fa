package io.github.djlssl.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

class FeatureStatisticsTest {

    @Test
    void collapsedEmbeddingsHaveZeroStd() {
        try (NDManager m = NDManager.newBaseManager()) {
            // the same direction at different scales: identical after L2 normalisation
            NDArray z = m.create(new float[] {1, 2, 2, 4, 3, 6}, new Shape(3, 2));
            assertEquals(0f, FeatureStatistics.meanStd(z).getFloat(), 1e-6);
        }
    }

    @Test
    void matchesTheFormulaOnFixedRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            // rows e1, e2 (already unit): per-dimension values {1, 0}, mean 0.5, unbiased
            // variance ((0.5)² + (0.5)²) / 1 = 0.5 → std √0.5 in both dimensions
            NDArray z = m.create(new float[] {3, 0, 0, 5}, new Shape(2, 2));
            assertEquals(Math.sqrt(0.5), FeatureStatistics.meanStd(z).getFloat(), 1e-6);
        }
    }

    @Test
    void rejectsASingleRow() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> FeatureStatistics.meanStd(m.ones(new Shape(1, 4))));
        }
    }
}
