package io.github.djlssl.jointembed.swav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlssl.core.random.Rng;

import org.junit.jupiter.api.Test;

class SinkhornKnoppTest {

    @Test
    void everySampleCodeSumsToOneAndMatchesTheReference() {
        int b = 6;
        int k = 4;
        float[] scores = randomScores(b, k, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray codes = new SinkhornKnopp(0.05, 3).assign(m.create(scores, new Shape(b, k)));
            float[] q = codes.toFloatArray();
            double[][] ref = reference(scores, b, k, 0.05, 3);
            for (int i = 0; i < b; i++) {
                double row = 0;
                for (int j = 0; j < k; j++) {
                    row += q[i * k + j];
                    assertEquals(ref[i][j], q[i * k + j], 1e-5, "code " + i + "," + j);
                }
                assertEquals(1.0, row, 1e-5, "sample " + i + " must sum to 1");
            }
        }
    }

    @Test
    void prototypesReceiveAnEqualShareWhenConverged() {
        int b = 8;
        int k = 4;
        float[] scores = randomScores(b, k, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] q =
                    new SinkhornKnopp(0.5, 200)
                            .assign(m.create(scores, new Shape(b, k)))
                            .toFloatArray();
            for (int j = 0; j < k; j++) {
                double col = 0;
                for (int i = 0; i < b; i++) {
                    col += q[i * k + j];
                }
                assertEquals((double) b / k, col, 1e-4, "prototype " + j + " must get B/K");
            }
        }
    }

    @Test
    void threeIterationsAreCloseToEquipartitionAndSharp() {
        // 3 iterations (the paper) leave the prototype marginals only approximately at B/K.
        int b = 16;
        int k = 4;
        float[] scores = randomScores(b, k, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] q =
                    new SinkhornKnopp(0.05, 3)
                            .assign(m.create(scores, new Shape(b, k)))
                            .toFloatArray();
            double[][] ref = reference(scores, b, k, 0.05, 3);
            for (int j = 0; j < k; j++) {
                double col = 0;
                double refCol = 0;
                for (int i = 0; i < b; i++) {
                    col += q[i * k + j];
                    refCol += ref[i][j];
                }
                assertEquals(refCol, col, 1e-4);
                assertEquals((double) b / k, col, 0.5 * b / k, "prototype " + j + " far from B/K");
            }
        }
    }

    @Test
    void leavesNoArraysBehind() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(randomScores(4, 3, 4), new Shape(4, 3));
            SinkhornKnopp sk = new SinkhornKnopp(0.05, 3);
            sk.assign(s).close();
            int before = m.getManagedArrays().size();
            sk.assign(s).close();
            assertEquals(before, m.getManagedArrays().size());
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new SinkhornKnopp(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new SinkhornKnopp(0.05, 0));
    }

    static float[] randomScores(int b, int k, long seed) {
        Rng rng = Rng.of(seed);
        float[] s = new float[b * k];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return s;
    }

    /** The official {@code distributed_sinkhorn} (single process) in doubles; returns [B][K]. */
    static double[][] reference(float[] scores, int b, int k, double eps, int iters) {
        double[][] q = new double[k][b];
        double total = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                q[j][i] = Math.exp(scores[i * k + j] / eps);
                total += q[j][i];
            }
        }
        for (double[] row : q) {
            for (int i = 0; i < b; i++) {
                row[i] /= total;
            }
        }
        for (int it = 0; it < iters; it++) {
            for (double[] row : q) {
                double s = 0;
                for (double v : row) {
                    s += v;
                }
                for (int i = 0; i < b; i++) {
                    row[i] /= s * k;
                }
            }
            for (int i = 0; i < b; i++) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += q[j][i];
                }
                for (int j = 0; j < k; j++) {
                    q[j][i] /= s * b;
                }
            }
        }
        double[][] out = new double[b][k];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                out[i][j] = q[j][i] * b;
            }
        }
        return out;
    }
}
