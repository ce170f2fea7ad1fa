package io.github.djlssl.core.optim;

import static io.github.djlssl.core.optim.TwoParameters.B0;
import static io.github.djlssl.core.optim.TwoParameters.C;
import static io.github.djlssl.core.optim.TwoParameters.E;
import static io.github.djlssl.core.optim.TwoParameters.W0;
import static io.github.djlssl.core.optim.TwoParameters.gradOf;
import static io.github.djlssl.core.optim.TwoParameters.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.schedule.Schedule;
import io.github.djlssl.core.schedule.WarmupCosineSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each optimiser against its PyTorch formula, evaluated in Java doubles, for 3 steps on a weight
 * (decayed, LARS-adapted) and a bias (neither).
 */
class UpdateRuleTest {

    private static final Schedule LR = new WarmupCosineSchedule(0.1, 0.01, 2, 6, 0.05);
    private static final Schedule WD = new WarmupCosineSchedule(0.05, 0.2, 0, 6, 0.05);
    private static final int STEPS = 3;
    private static final double TOL = 2e-6;

    private NDManager manager;
    private TwoParameters params;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        params = new TwoParameters(manager);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private ParameterGroups groups() {
        return ParameterGroups.of(params.list);
    }

    @Test
    void sgdMatchesTorchSgdWithMomentumAndDecoupledFromLr() {
        double mu = 0.9;
        try (Sgd opt = new Sgd(groups(), LR, WD, mu, false)) {
            double[][] expected = expectSgd(mu, false);
            for (int s = 0; s < STEPS; s++) {
                params.step(opt);
            }
            assertArrayEquals(expected[0], toDouble(params.weight.getArray()), TOL);
            assertArrayEquals(expected[1], toDouble(params.bias.getArray()), TOL);
            assertEquals(STEPS, opt.step());
        }
    }

    @Test
    void sgdNesterov() {
        try (Sgd opt = new Sgd(groups(), LR, WD, 0.8, true)) {
            double[][] expected = expectSgd(0.8, true);
            for (int s = 0; s < STEPS; s++) {
                params.step(opt);
            }
            assertArrayEquals(expected[0], toDouble(params.weight.getArray()), TOL);
            assertArrayEquals(expected[1], toDouble(params.bias.getArray()), TOL);
        }
    }

    private static double[][] expectSgd(double mu, boolean nesterov) {
        double[] w = W0.clone();
        double[] b = B0.clone();
        double[] bufW = new double[4];
        double[] bufB = new double[2];
        for (int s = 0; s < STEPS; s++) {
            double lr = LR.valueAt(s);
            double wd = WD.valueAt(s);
            sgdStep(w, bufW, lr, wd, mu, nesterov);
            sgdStep(b, bufB, lr, 0, mu, nesterov); // bias: no weight decay
        }
        return new double[][] {w, b};
    }

    private static void sgdStep(
            double[] p, double[] buf, double lr, double wd, double mu, boolean nesterov) {
        for (int i = 0; i < p.length; i++) {
            double d = gradOf(C, E, i, p[i]) + wd * p[i];
            buf[i] = mu * buf[i] + d;
            d = nesterov ? d + mu * buf[i] : buf[i];
            p[i] -= lr * d;
        }
    }

    @Test
    void adamwMatchesTorchAdamW() {
        double b1 = 0.9;
        double b2 = 0.95;
        double eps = 1e-8;
        try (AdamW opt = new AdamW(groups(), LR, WD, b1, b2, eps)) {
            double[] w = W0.clone();
            double[] b = B0.clone();
            double[][] mv = new double[4][];
            mv[0] = new double[4];
            mv[1] = new double[4];
            mv[2] = new double[2];
            mv[3] = new double[2];
            for (int s = 0; s < STEPS; s++) {
                params.step(opt);
                double lr = LR.valueAt(s);
                adamwStep(w, mv[0], mv[1], s + 1, lr, WD.valueAt(s), b1, b2, eps);
                adamwStep(b, mv[2], mv[3], s + 1, lr, 0, b1, b2, eps);
            }
            assertArrayEquals(w, toDouble(params.weight.getArray()), TOL);
            assertArrayEquals(b, toDouble(params.bias.getArray()), TOL);
        }
    }

    static void adamwStep(
            double[] p,
            double[] m,
            double[] v,
            int t,
            double lr,
            double wd,
            double b1,
            double b2,
            double eps) {
        for (int i = 0; i < p.length; i++) {
            double g = gradOf(C, E, i, p[i]);
            p[i] *= 1 - lr * wd;
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            double mHat = m[i] / (1 - Math.pow(b1, t));
            double vHat = v[i] / (1 - Math.pow(b2, t));
            p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
        }
    }

    @Test
    void adamwBiasCorrectionMakesFirstStepsLrSized() {
        // Without weight decay the bias-corrected first step is lr * g / |g| = lr * sign(g).
        try (AdamW opt =
                new AdamW(
                        groups(),
                        Schedule.constant(0.01),
                        Schedule.constant(0),
                        0.9,
                        0.999,
                        1e-8)) {
            params.step(opt);
            double[] w = toDouble(params.weight.getArray());
            for (int i = 0; i < 4; i++) {
                double g = gradOf(C, E, i, W0[i]);
                assertEquals(W0[i] - 0.01 * Math.signum(g), w[i], 1e-6);
            }
        }
    }

    @Test
    void adamwCountsUpdatesPerParameter() {
        // The bias joins at global step 2: its first update still gets t = 1 bias correction,
        // i.e. a step of exactly lr * sign(g).
        try (AdamW opt =
                new AdamW(
                        groups(),
                        Schedule.constant(0.01),
                        Schedule.constant(0),
                        0.9,
                        0.999,
                        1e-8)) {
            for (int s = 0; s < 2; s++) {
                params.backward();
                try (NDArray g = params.weight.getArray().getGradient()) {
                    opt.update(params.weight.getId(), params.weight.getArray(), g);
                }
            }
            params.step(opt);
            double[] b = toDouble(params.bias.getArray());
            for (int i = 0; i < 2; i++) {
                // the bias gradient accumulated over 3 backward passes (it was never zeroed)
                double g = 3 * gradOf(C, E, i, B0[i]);
                assertEquals(B0[i] - 0.01 * Math.signum(g), b[i], 1e-6);
            }
            assertEquals(3, opt.step());
        }
    }

    @Test
    void larsMatchesBarlowTwinsLars() {
        // LARS steps are ~eta * lr small: use a 100x learning rate so float32 rounding of the
        // weights is far below the update; the bias runs at lrScale 0.01, i.e. at LR.
        Schedule lars = new WarmupCosineSchedule(10, 1, 2, 6, 5);
        double mu = 0.9;
        double eta = 0.001;
        ParameterGroups groups = groups().withLrScale(name -> name.endsWith("_bias"), 0.01);
        try (Lars opt = new Lars(groups, lars, WD, mu, eta)) {
            double[] w = W0.clone();
            double[] b = B0.clone();
            double[] bufW = new double[4];
            double[] bufB = new double[2];
            for (int s = 0; s < STEPS; s++) {
                params.step(opt);
                double lr = lars.valueAt(s);
                double wd = WD.valueAt(s);
                double[] d = new double[4];
                double wn = 0;
                double dn = 0;
                for (int i = 0; i < 4; i++) {
                    d[i] = gradOf(C, E, i, w[i]) + wd * w[i];
                    wn += w[i] * w[i];
                    dn += d[i] * d[i];
                }
                double q = eta * Math.sqrt(wn) / Math.sqrt(dn);
                for (int i = 0; i < 4; i++) {
                    bufW[i] = mu * bufW[i] + q * d[i];
                    w[i] -= lr * bufW[i];
                }
                sgdStep(b, bufB, lr * 0.01, 0, mu, false); // excluded: plain momentum SGD
            }
            assertEquals(0.01, groups.byName("fc_bias").lrScale());
            assertArrayEquals(w, toDouble(params.weight.getArray()), TOL);
            assertArrayEquals(b, toDouble(params.bias.getArray()), TOL);
        }
    }

    @Test
    void larsTrustRatioOnAFixedCase() {
        // w = [[3, 4]], g = [[0.6, 0.8]], no decay: q = 0.001 * 5 / 1, so w -= lr * q * g.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {3, 4}, new ai.djl.ndarray.types.Shape(1, 2));
            NDArray z = m.zeros(new ai.djl.ndarray.types.Shape(1, 2));
            ai.djl.nn.ParameterList list = new ai.djl.nn.ParameterList();
            ai.djl.nn.Parameter pw =
                    ai.djl.nn.Parameter.builder()
                            .setName("w")
                            .setType(ai.djl.nn.Parameter.Type.WEIGHT)
                            .optArray(w)
                            .build();
            ai.djl.nn.Parameter pz =
                    ai.djl.nn.Parameter.builder()
                            .setName("zero")
                            .setType(ai.djl.nn.Parameter.Type.WEIGHT)
                            .optArray(z)
                            .build();
            list.add("w", pw);
            list.add("zero", pz);
            try (Lars opt =
                    new Lars(
                            ParameterGroups.of(list),
                            Schedule.constant(1.0),
                            Schedule.constant(0),
                            0.9,
                            0.001)) {
                NDArray g =
                        m.create(new float[] {0.6f, 0.8f}, new ai.djl.ndarray.types.Shape(1, 2));
                opt.update(pw.getId(), w, g);
                opt.update(pz.getId(), z, g); // ||w|| = 0: trust ratio 1, plain step
                assertArrayEquals(new float[] {3 - 0.003f, 4 - 0.004f}, w.toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {-0.6f, -0.8f}, z.toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void gradientIsZeroedAfterTheUpdate() {
        try (Sgd opt = new Sgd(groups(), LR, WD, 0.9, false)) {
            params.step(opt);
            for (NDArray p : new NDArray[] {params.weight.getArray(), params.bias.getArray()}) {
                try (NDArray g = p.getGradient()) {
                    assertEquals(0f, g.abs().sum().getFloat());
                }
            }
        }
    }

    @Test
    void weightDecayOnlyOnDecayedParameters() {
        // Zero gradients: only weight decay moves parameters. The weight shrinks by lr * wd,
        // the bias does not move.
        try (Sgd opt =
                new Sgd(groups(), Schedule.constant(0.5), Schedule.constant(0.1), 0, false)) {
            for (ai.djl.nn.Parameter p : new ai.djl.nn.Parameter[] {params.weight, params.bias}) {
                try (NDArray zero = p.getArray().zerosLike()) {
                    opt.update(p.getId(), p.getArray(), zero);
                }
            }
            double[] w = toDouble(params.weight.getArray());
            for (int i = 0; i < 4; i++) {
                assertEquals(W0[i] * (1 - 0.5 * 0.1), w[i], 1e-7);
            }
            assertArrayEquals(B0, toDouble(params.bias.getArray()), 1e-7);
        }
    }
}
