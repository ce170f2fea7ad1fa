package io.github.djlssl.jointembed.swav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

import java.util.List;

/** SwAV's swapped prediction against a hand value and against {@code main_swav.py} in doubles. */
class SwavLossTest {

    @Test
    void singleImageTwoCropsMatchesHandComputation() {
        // B = 1: Sinkhorn-Knopp spreads the one sample evenly, q = (1/2, 1/2) for both crops.
        // Scores crop 0 = (1, 0), crop 1 = (0, 1), T = 0.5: log softmax = (2, 0) - L or (0, 2) - L
        // with L = log(1 + e²); each cross-entropy is L - 1, and so is their mean.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray scores = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            float loss =
                    new SwavLoss(0.5, new SinkhornKnopp(0.05, 3))
                            .compute(scores, 1, 2, null)
                            .getFloat();
            assertEquals(Math.log(1 + Math.exp(2)) - 1, loss, 1e-6);
        }
    }

    @Test
    void multiCropMatchesTheReferenceOnRandomInputs() {
        int b = 4;
        int k = 5;
        int crops = 4;
        float[] scores = SinkhornKnoppTest.randomScores(crops * b, k, 11);
        try (NDManager m = NDManager.newBaseManager()) {
            SwavLoss loss = new SwavLoss(0.1, new SinkhornKnopp(0.05, 3));
            float value =
                    loss.compute(m.create(scores, new Shape(crops * b, k)), b, 2, null).getFloat();
            assertEquals(reference(scores, null, b, k, crops, 0.1), value, 1e-4);
        }
    }

    @Test
    void queuedScoresJoinTheAssignment() {
        int b = 3;
        int k = 4;
        int l = 5;
        int crops = 3;
        float[] scores = SinkhornKnoppTest.randomScores(crops * b, k, 12);
        float[] q0 = SinkhornKnoppTest.randomScores(l, k, 13);
        float[] q1 = SinkhornKnoppTest.randomScores(l, k, 14);
        try (NDManager m = NDManager.newBaseManager()) {
            SwavLoss loss = new SwavLoss(0.1, new SinkhornKnopp(0.05, 3));
            List<NDArray> queue =
                    List.of(m.create(q0, new Shape(l, k)), m.create(q1, new Shape(l, k)));
            NDArray s = m.create(scores, new Shape(crops * b, k));
            float value = loss.compute(s, b, 2, queue).getFloat();
            float withoutQueue = loss.compute(s, b, 2, null).getFloat();
            assertEquals(reference(scores, new float[][] {q0, q1}, b, k, crops, 0.1), value, 1e-4);
            org.junit.jupiter.api.Assertions.assertNotEquals(withoutQueue, value, 1e-4f);
        }
    }

    @Test
    void codesCarryNoGradientAndLossDoes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray scores = m.create(SinkhornKnoppTest.randomScores(6, 3, 5), new Shape(6, 3));
            scores.setRequiresGradient(true);
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray l =
                        new SwavLoss(0.1, new SinkhornKnopp(0.05, 3)).compute(scores, 2, 2, null);
                gc.backward(l);
            }
            // Gradient of mean CE wrt logits of crop v (no gradient through codes):
            // d/dp_v = (softmax(p_v/T) * (#targets predicting v) - Σ_i q_i) / (T * B * G * (V -
            // 1)).
            float g = scores.getGradient().abs().sum().getFloat();
            org.junit.jupiter.api.Assertions.assertTrue(g > 0);
            float rowSum = scores.getGradient().sum(new int[] {1}).abs().max().getFloat();
            // softmax and codes both sum to 1 per row, so each row's gradient sums to 0
            assertEquals(0, rowSum, 1e-6);
        }
    }

    @Test
    void rejectsBadShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            SwavLoss loss = new SwavLoss(0.1, new SinkhornKnopp(0.05, 3));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> loss.compute(m.ones(new Shape(3, 4)), 2, 2, null));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new SwavLoss(0, new SinkhornKnopp(0.05, 3)));
        }
    }

    /**
     * The loss of {@code main_swav.py} in doubles: for each assignment crop i, codes q from the
     * (queue +) batch scores, then mean over v ≠ i of −mean_b Σ q log softmax(p_v / T); averaged
     * over the 2 assignment crops.
     */
    static double reference(float[] scores, float[][] queues, int b, int k, int crops, double t) {
        double total = 0;
        for (int i = 0; i < 2; i++) {
            int l = queues == null ? 0 : queues[i].length / k;
            float[] out = new float[(l + b) * k];
            if (queues != null) {
                System.arraycopy(queues[i], 0, out, 0, l * k);
            }
            System.arraycopy(scores, i * b * k, out, l * k, b * k);
            double[][] q = SinkhornKnoppTest.reference(out, l + b, k, 0.05, 3);
            double sub = 0;
            for (int v = 0; v < crops; v++) {
                if (v == i) {
                    continue;
                }
                double ce = 0;
                for (int n = 0; n < b; n++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        max = Math.max(max, scores[(v * b + n) * k + j] / t);
                    }
                    double z = 0;
                    for (int j = 0; j < k; j++) {
                        z += Math.exp(scores[(v * b + n) * k + j] / t - max);
                    }
                    double lse = max + Math.log(z);
                    for (int j = 0; j < k; j++) {
                        ce -= q[l + n][j] * (scores[(v * b + n) * k + j] / t - lse);
                    }
                }
                sub += ce / b;
            }
            total += sub / (crops - 1);
        }
        return total / 2;
    }
}
