package io.github.djlssl.jointembed.moco;

import static io.github.djlssl.jointembed.moco.MoCoV2LossTest.dot;
import static io.github.djlssl.jointembed.moco.MoCoV2LossTest.gaussian;
import static io.github.djlssl.jointembed.moco.MoCoV2LossTest.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class MoCoV3LossTest {

    @Test
    void matchesHandComputation() {
        // q1 = q2 = k1 = k2 = [e1, e2], τ = 0.5: each row's logits are [2, 0] with the positive
        // first, CE = log(e² + 1) − 2; ctr = 2τ·CE = CE; L = 2·CE.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            float loss = new MoCoV3Loss(0.5).compute(x, x, x, x).getFloat();
            assertEquals(2 * (Math.log(Math.exp(2) + 1) - 2), loss, 1e-6);
        }
    }

    @Test
    void matchesTheFormulaOnRandomInputs() {
        Rng rng = Rng.of(5);
        int b = 5;
        int d = 4;
        double tau = 0.2;
        float[] q1 = gaussian(rng, b * d);
        float[] q2 = gaussian(rng, b * d);
        float[] k1 = gaussian(rng, b * d);
        float[] k2 = gaussian(rng, b * d);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(b, d);
            float loss = new MoCoV3Loss(tau)
                    .compute(m.create(q1, s), m.create(q2, s), m.create(k1, s), m.create(k2, s))
                    .getFloat();
            double expected = ctr(q1, k2, b, d, tau) + ctr(q2, k1, b, d, tau);
            assertEquals(expected, loss, 1e-5);
        }
    }

    @Test
    void appliesTheOfficialTwoTauFactor() {
        // B = 2 orthogonal unit pairs, τ = 10: logits [0.1, 0], CE = log(e^0.1 + 1) − 0.1, and
        // ctr = 2τ·CE = 20·CE.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            float ctr = new MoCoV3Loss(10).contrastive(x, x).getFloat();
            assertEquals(20 * (Math.log(Math.exp(0.1) + 1) - 0.1), ctr, 1e-5);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new MoCoV3Loss(-1));
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> new MoCoV3Loss(0.2).contrastive(m.ones(new Shape(2, 3)), m.ones(new Shape(2, 4))));
        }
    }

    /**
     * One direction of the official {@code contrastive_loss} ({@code moco-v3/moco/builder.py}) in
     * doubles: normalise, logits q·kᵀ / τ, cross-entropy with labels arange(B), times 2τ.
     */
    private static double ctr(float[] q, float[] k, int b, int d, double tau) {
        double total = 0;
        for (int i = 0; i < b; i++) {
            double[] qi = unit(q, i, d);
            double denom = 0;
            double pos = 0;
            for (int j = 0; j < b; j++) {
                double logit = dot(qi, unit(k, j, d)) / tau;
                denom += Math.exp(logit);
                if (j == i) {
                    pos = logit;
                }
            }
            total += Math.log(denom) - pos;
        }
        return 2 * tau * total / b;
    }
}
