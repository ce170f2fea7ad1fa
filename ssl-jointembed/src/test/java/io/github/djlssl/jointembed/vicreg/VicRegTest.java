package io.github.djlssl.jointembed.vicreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.djlssl.core.data.SyntheticImageSource;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.optim.OptimizerConfig;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import io.github.djlssl.core.train.SslTrainer;
import io.github.djlssl.core.train.TrainerConfig;
import io.github.djlssl.core.train.TrainingSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VicRegTest extends SslMethodContractTest<VicRegConfig> {

    @Override
    protected SslMethodProvider<VicRegConfig> provider() {
        return new VicRegProvider();
    }

    @Override
    protected VicRegConfig tinyConfig() {
        return VicRegConfig.defaults().withProjectionDim(16).withHiddenDim(16);
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of(
                "invarianceWeight", "-1",
                "varianceTarget", "0",
                "epsilon", "0",
                "projectionDim", "0",
                "projectionLayers", "0");
    }

    @Test
    void defaultsAreThePapers() {
        VicRegConfig c = VicRegConfig.defaults();
        assertEquals(25, c.invarianceWeight());
        assertEquals(25, c.varianceWeight());
        assertEquals(1, c.covarianceWeight());
        assertEquals(1, c.varianceTarget());
        assertEquals(1e-4, c.epsilon());
        assertEquals(8192, c.projectionDim());
        assertEquals(8192, c.hiddenDim());
        assertEquals(3, c.projectionLayers());
    }

    @Test
    void recommendedOptimizerIsThePapersLars() {
        OptimizerConfig o = VicRegConfig.recommendedOptimizer(2048);
        assertEquals(OptimizerConfig.Type.LARS, o.type());
        assertEquals(0.2 * 8, o.lr(), 1e-12);
        assertEquals(1.6e-3, o.finalLr(), 1e-12);
        assertEquals(1e-6, o.weightDecay());
        assertEquals(10, o.warmupEpochs());
        assertEquals(0.9, o.momentum());
        assertEquals(0.001, o.larsEta());
    }

    @Test
    void projectorIsTheOfficialExpander() {
        try (MethodHarness<VicRegConfig> h = harness(1)) {
            VicReg vicreg = (VicReg) h.method();
            int biases = 0;
            for (Pair<String, Parameter> p : vicreg.projector().getParameters()) {
                if (p.getValue().getType() == Parameter.Type.BIAS) {
                    biases++;
                }
            }
            assertEquals(2, biases, "hidden Linears have a bias, the last one has none");
            assertEquals(3, vicreg.projector().numLayers());
        }
    }

    @Test
    void trainsAVisionTransformer() {
        try (MethodHarness<VicRegConfig> h =
                        new MethodHarness<>(provider(), tinyConfig(), VicRegTest::tinyVit, 3);
                NDManager scope = h.manager().newSubManager()) {
            LossOutput out = h.forwardBackward(scope, h.batch(scope, 8, 3), h.step(scope, 0, 10));
            assertTrue(Float.isFinite(out.loss().getFloat()));
            for (Pair<String, Parameter> p : h.method().trainable().getParameters()) {
                if (p.getValue().requiresGradient()) { // the fixed sin-cos position table does not
                    assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey());
                }
            }
        }
    }

    /**
     * A short real run: 3 epochs of 8 SGD steps on synthetic images. The loss falls and the
     * projections do not collapse: every dimension keeps a standard deviation near the hinge's
     * spread clearly above 0 and the dimensions stay far from perfectly correlated.
     */
    @Test
    void shortRunLowersTheLossWithoutCollapse(@TempDir Path dir) throws Exception {
        try (MethodHarness<VicRegConfig> h = harness(7);
                NDManager scope = h.manager().newSubManager()) {
            TrainerConfig config = new TrainerConfig(
                    3, 16, 7, OptimizerConfig.sgd(0.05, 0.9, 1e-4), "cpu", 0, 4, false);
            SyntheticImageSource data = new SyntheticImageSource(128, 1, 16, 4, 7);
            TrainingSummary summary = new SslTrainer(config).fit(h.method(), data, dir, false, null);
            List<Double> losses = summary.epochLosses();
            assertTrue(losses.get(2) < losses.get(0), "loss did not fall: " + losses);

            VicReg vicreg = (VicReg) h.method();
            NDArray images = h.method().views().generate(h.batch(scope, 64, 99), h.step(scope, 0, 1).rng()).get(0);
            // batch statistics, as in training: 24 steps are too few for converged running stats
            NDArray z = vicreg.embed(h.store(), images, true);
            NDArray centred = z.sub(z.mean(new int[] {0}, true));
            NDArray std = centred.square().mean(new int[] {0}).sqrt();
            float minStd = std.min().getFloat();
            NDArray standardised = centred.div(std);
            NDArray corr = standardised.transpose().matMul(standardised).div(64).abs();
            long d = z.getShape().get(1);
            float meanOffDiagonal = (corr.sum().getFloat() - d) / (d * d - d);
            System.out.printf("vicreg losses=%s min_std=%.4f mean|corr|=%.4f%n", losses, minStd, meanOffDiagonal);
            // the hinge pulls every std towards γ = 1; collapse would drive it towards 0
            assertTrue(minStd > 0.1, "a projection dimension collapsed: std " + minStd);
            assertTrue(meanOffDiagonal < 0.95, "projection dimensions collapsed onto one: " + meanOffDiagonal);
        }
    }

    /** ViT of depth 2, width 32, 2 heads, 16 px, patch 4: the contract test's tiny transformer. */
    static VisionTransformer tinyVit() {
        return VisionTransformer.of(
                VitConfig.tiny(4).withImageSize(16).withInputChannels(1).withDepth(2).withWidth(32, 2));
    }
}
