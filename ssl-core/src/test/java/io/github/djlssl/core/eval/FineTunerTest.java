package io.github.djlssl.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.data.ImageBatch;
import io.github.djlssl.core.data.SyntheticImageSource;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.run.PretrainedEncoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FineTunerTest {

    private static final int SIZE = 16;
    private static final int CLASSES = 4;
    private static final EncoderSpec SPEC = new EncoderSpec("resnet18", SIZE, 3, 4, 0);
    private static final Normalize NORM = Normalize.defaultFor(3);
    /**
     * A short, fast recipe: a much higher rate than the default because the run is 24 steps from a
     * random init (crops of scale 0.35 and flips stay on: the RGB classes differ in tint too, so a
     * mirrored 45-degree grating still differs from a 135-degree one).
     */
    private static final FineTuneConfig FAST =
            FineTuneConfig.defaults().withEpochs(4).withBatchSize(32).withBaseLearningRate(8e-2)
                    .withAugmentation(0.35, 0.5);

    /** A random-init encoder, reproducible: DJL's initialisers draw from the engine's generator. */
    private static Encoder encoder(NDManager m) {
        Engine.getInstance().setRandomSeed(0);
        return PretrainedEncoder.initialise(SPEC, m);
    }

    private record Data(ImageBatch train, ImageBatch test) {}

    private static Data data(NDManager m, int numTrain) {
        return new Data(
                ImageBatch.readAll(new SyntheticImageSource(numTrain, 3, SIZE, CLASSES, 1), m),
                ImageBatch.readAll(new SyntheticImageSource(128, 3, SIZE, CLASSES, 2), m));
    }

    private static FineTuneResult fit(FineTuner tuner, Encoder encoder, Data d) {
        return tuner.fit(encoder, d.train.images(), d.train.labels(), d.test.images(), d.test.labels(),
                CLASSES, NORM, Device.cpu());
    }

    @Test
    void separableClassesAreLearnedAndTheCallersEncoderIsUntouched() {
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder encoder = encoder(m);
            List<float[]> before = snapshot(encoder);
            Data d = data(m, 192);
            int callerArrays = m.getManagedArrays().size();
            FineTuneResult r = fit(new FineTuner(FAST), encoder, d);
            assertTrue(r.testTop1() >= 0.9, "test top-1 " + r.testTop1() + ", losses " + r.epochLosses());
            assertEquals(4, r.epochLosses().size());
            assertTrue(r.finalLoss() < r.epochLosses().get(0), "loss falls: " + r.epochLosses());
            assertEquals(4 * (192 / 32), r.steps());
            assertEquals(192, r.numTrain());
            assertEquals(128, r.numTest());
            assertTrue(Double.isNaN(r.testTop5()), "fewer than 5 classes: no top-5");
            List<float[]> after = snapshot(encoder);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " of the caller changed");
            }
            assertEquals(callerArrays, m.getManagedArrays().size(), "nothing left in the caller's manager");
        }
    }

    @Test
    void gradientsReachEveryParameterAndMemoryStaysFlat() {
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder encoder = encoder(m);
            Data d = data(m, 64);
            List<String> withoutGradient = new ArrayList<>();
            List<Integer> liveArrays = new ArrayList<>();
            int[] checked = {0};
            FineTuner tuner = new FineTuner(FAST.withEpochs(2)).withProbe(new FineTuner.StepProbe() {
                @Override
                public void afterBackward(FineTuneModel model, long step) {
                    if (step != 1) { // step 0 may see zero-initialised residual gammas block the path
                        return;
                    }
                    for (Pair<String, Parameter> p : model.block().getParameters()) {
                        if (!p.getValue().requiresGradient()) {
                            continue;
                        }
                        checked[0]++;
                        if (p.getValue().getArray().getGradient().abs().sum().getFloat() == 0) {
                            withoutGradient.add(p.getKey());
                        }
                    }
                }

                @Override
                public void afterStep(NDManager work, long step) {
                    liveArrays.add(work.getManagedArrays().size());
                }
            });
            FineTuneResult r = fit(tuner, encoder, d);
            assertEquals(4, r.steps());
            assertTrue(checked[0] > 60, "resnet18 + head parameters checked: " + checked[0]);
            assertTrue(withoutGradient.isEmpty(), "no gradient: " + withoutGradient);
            // Step 0 creates the optimiser state and gradients; from then on nothing accumulates.
            assertEquals(1, liveArrays.subList(1, liveArrays.size()).stream().distinct().count(),
                    "live arrays per step " + liveArrays);
        }
    }

    @Test
    void equalSeedsGiveEqualRunsOtherSeedsDiffer() {
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder encoder = encoder(m);
            Data d = data(m, 64);
            FineTuneConfig config = FAST.withEpochs(1);
            FineTuneResult a = fit(new FineTuner(config), encoder, d);
            FineTuneResult b = fit(new FineTuner(config), encoder, d);
            FineTuneResult c = fit(new FineTuner(config.withSeed(3)), encoder, d);
            assertEquals(a.epochLosses(), b.epochLosses());
            assertEquals(a.testTop1(), b.testTop1());
            assertNotEquals(a.epochLosses(), c.epochLosses());
        }
    }

    @Test
    void labelSmoothingLossMatchesTheFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {2, 0, -1, 0.5f, 0.5f, 0.5f}, new ai.djl.ndarray.types.Shape(2, 3));
            NDArray labels = m.create(new long[] {0, 2});
            // row 0: log-softmax of (2, 0, -1); row 1: uniform, log(1/3)
            double z = Math.log(Math.exp(2) + 1 + Math.exp(-1));
            double[] lp0 = {2 - z, -z, -1 - z};
            double lp1 = Math.log(1.0 / 3);
            double e = 0.1;
            double row0 = (1 - e) * lp0[0] + e * (lp0[0] + lp0[1] + lp0[2]) / 3;
            double row1 = lp1;
            double expected = -(row0 + row1) / 2;
            FineTuner tuner = new FineTuner(FineTuneConfig.defaults());
            assertEquals(expected, tuner.smoothedCrossEntropy(logits, labels).getFloat(), 1e-5);
            double plain = -(lp0[0] + lp1) / 2;
            assertEquals(plain, new FineTuner(FineTuneConfig.defaults().withLabelSmoothing(0))
                    .smoothedCrossEntropy(logits, labels).getFloat(), 1e-5);
        }
    }

    @Test
    void badInputsAreRejectedWithTheirName() {
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder encoder = encoder(m);
            Data d = data(m, 8);
            NDArray wrongLabels = m.zeros(new ai.djl.ndarray.types.Shape(3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new FineTuner(FAST).fit(encoder, d.train.images(), wrongLabels, d.test.images(),
                            d.test.labels(), CLASSES, NORM, Device.cpu()));
            assertTrue(e.getMessage().startsWith("trainLabels must be [8]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new FineTuner(FAST).fit(encoder,
                    d.train.images(), d.train.labels(), d.test.images(), d.test.labels(), 0, NORM, Device.cpu()));
            assertTrue(e.getMessage().contains("numClasses"), e.getMessage());
        }
    }

    private static List<float[]> snapshot(Encoder encoder) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
