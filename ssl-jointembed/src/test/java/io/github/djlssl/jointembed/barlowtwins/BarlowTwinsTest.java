package io.github.djlssl.jointembed.barlowtwins;

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

class BarlowTwinsTest extends SslMethodContractTest<BarlowTwinsConfig> {

    @Override
    protected SslMethodProvider<BarlowTwinsConfig> provider() {
        return new BarlowTwinsProvider();
    }

    @Override
    protected BarlowTwinsConfig tinyConfig() {
        return BarlowTwinsConfig.defaults().withProjectionDim(16).withHiddenDim(16);
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("lambda", "-0.1", "projectionDim", "0", "hiddenDim", "-4", "projectionLayers", "0");
    }

    @Test
    void defaultsAreThePapers() {
        BarlowTwinsConfig c = BarlowTwinsConfig.defaults();
        assertEquals(8192, c.projectionDim());
        assertEquals(8192, c.hiddenDim());
        assertEquals(3, c.projectionLayers());
        assertEquals(5e-3, c.lambda());
    }

    @Test
    void recommendedOptimizerIsThePapersLars() {
        OptimizerConfig o = BarlowTwinsConfig.recommendedOptimizer(2048);
        assertEquals(OptimizerConfig.Type.LARS, o.type());
        assertEquals(0.2 * 8, o.lr(), 1e-12);
        assertEquals(1.6e-3, o.finalLr(), 1e-12);
        assertEquals(1.5e-6, o.weightDecay());
        assertEquals(10, o.warmupEpochs());
        assertEquals(0.9, o.momentum());
        assertEquals(0.001, o.larsEta());
    }

    @Test
    void projectorIsTheOfficialBiasFreeMlp() {
        try (MethodHarness<BarlowTwinsConfig> h = harness(1)) {
            BarlowTwins bt = (BarlowTwins) h.method();
            for (Pair<String, Parameter> p : bt.projector().getParameters()) {
                assertTrue(p.getValue().getType() != Parameter.Type.BIAS, "unexpected bias " + p.getKey());
            }
            assertEquals(3, bt.projector().numLayers());
        }
    }

    @Test
    void trainsAVisionTransformer() {
        try (MethodHarness<BarlowTwinsConfig> h =
                        new MethodHarness<>(provider(), tinyConfig(), BarlowTwinsTest::tinyVit, 3);
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
     * A short real run: 3 epochs of 8 SGD steps on synthetic images. The loss falls and the projections do not
     * collapse: every dimension keeps a clear spread over the batch and the dimensions stay far from
     * perfectly correlated (the two failure modes the redundancy term prevents).
     */
    @Test
    void shortRunLowersTheLossWithoutCollapse(@TempDir Path dir) throws Exception {
        // λ scaled to the 16-d projector: with the paper's 5e-3 (tuned for 8192 dimensions) the 240
        // off-diagonal terms weigh ~1 against the diagonal's 16 and the dimensions may align.
        BarlowTwinsConfig tiny = tinyConfig().withLambda(0.05);
        try (MethodHarness<BarlowTwinsConfig> h = new MethodHarness<>(provider(), tiny, this::tinyEncoder, 7);
                NDManager scope = h.manager().newSubManager()) {
            TrainerConfig config = new TrainerConfig(
                    3, 16, 7, OptimizerConfig.sgd(0.2, 0.9, 1e-4), "cpu", 0, 4, false);
            SyntheticImageSource data = new SyntheticImageSource(128, 1, 16, 4, 7);
            TrainingSummary summary = new SslTrainer(config).fit(h.method(), data, dir, false, null);
            List<Double> losses = summary.epochLosses();
            assertTrue(losses.get(2) < 0.8 * losses.get(0), "loss did not fall: " + losses);

            BarlowTwins bt = (BarlowTwins) h.method();
            NDArray images = h.method().views().generate(h.batch(scope, 64, 99), h.step(scope, 0, 1).rng()).get(0);
            // batch statistics, as in training: 24 steps are too few for converged running stats
            NDArray z = bt.embed(h.store(), images, true);
            NDArray centred = z.sub(z.mean(new int[] {0}, true));
            NDArray std = centred.square().mean(new int[] {0}).sqrt();
            float minStd = std.min().getFloat();
            NDArray standardised = centred.div(std);
            NDArray corr = standardised.transpose().matMul(standardised).div(64).abs();
            long d = z.getShape().get(1);
            float meanOffDiagonal = (corr.sum().getFloat() - d) / (d * d - d);
            System.out.printf("barlowtwins losses=%s min_std=%.4f mean|corr|=%.4f%n", losses, minStd, meanOffDiagonal);
            assertTrue(minStd > 1e-3, "a projection dimension collapsed: std " + minStd);
            assertTrue(meanOffDiagonal < 0.95, "projection dimensions collapsed onto one: " + meanOffDiagonal);
        }
    }

    /** ViT of depth 2, width 32, 2 heads, 16 px, patch 4: the contract test's tiny transformer. */
    static VisionTransformer tinyVit() {
        return VisionTransformer.of(
                VitConfig.tiny(4).withImageSize(16).withInputChannels(1).withDepth(2).withWidth(32, 2));
    }
}
