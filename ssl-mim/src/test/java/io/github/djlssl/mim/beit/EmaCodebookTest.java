package io.github.djlssl.mim.beit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class EmaCodebookTest {

    private static VqTokenizer tokenizer(NDManager m, double decay) {
        Engine.getInstance().setRandomSeed(3);
        VqTokenizer t = new VqTokenizer(new VqTokenizerConfig(16, 8, 8, 0.25, decay), 1, 4);
        t.initialize(m, DataType.FLOAT32, new Shape(2, 1, 16, 16));
        return t;
    }

    private static float[] latents(VqTokenizer t, ParameterStore ps, NDArray x) {
        NDArray latent = t.getChildren().get(0).getValue().forward(ps, new NDList(x), false).singletonOrThrow();
        return latent.transpose(0, 2, 3, 1).reshape(-1, 8).toFloatArray();
    }

    @Test
    void firstTrainingBatchStartsTheCodebookFromEncoderOutputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            VqTokenizer t = tokenizer(m, 0.99);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = VqTokenizerTest.images(m, 4, 1);
            float[] z = latents(t, ps, x);
            t.trainForward(ps, x, Rng.of(7));
            float[] book = t.getParameters().get("codebook").getArray().toFloatArray();
            for (int k = 0; k < 16; k++) {
                boolean found = false;
                for (int i = 0; i < z.length / 8 && !found; i++) {
                    boolean same = true;
                    for (int j = 0; j < 8 && same; j++) {
                        same = Math.abs(z[i * 8 + j] - book[k * 8 + j]) < 1e-6f;
                    }
                    found = same;
                }
                assertTrue(found, "code " + k + " is not one of the batch's encoder outputs");
            }
        }
    }

    @Test
    void withDecayZeroAnUpdateIsAKMeansStepAndDeadCodesAreRestarted() {
        try (NDManager m = NDManager.newBaseManager()) {
            VqTokenizer t = tokenizer(m, 0);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = VqTokenizerTest.images(m, 4, 2);
            float[] z = latents(t, ps, x);
            t.trainForward(ps, x, Rng.of(1)); // starts
            t.updateCodebook();
            NDArray before = t.getParameters().get("codebook").getArray().duplicate();
            long[] codes = t.trainForward(ps, x, Rng.of(2)).codes().toLongArray();
            assertArrayEquals(before.toFloatArray(),
                    t.getParameters().get("codebook").getArray().toFloatArray(), 0f,
                    "a forward alone must not move the codebook");
            t.updateCodebook();
            float[] after = t.getParameters().get("codebook").getArray().toFloatArray();
            int alive = 0;
            for (int k = 0; k < 16; k++) {
                double[] mean = new double[8];
                int n = 0;
                for (int i = 0; i < codes.length; i++) {
                    if (codes[i] == k) {
                        n++;
                        for (int j = 0; j < 8; j++) {
                            mean[j] += z[i * 8 + j];
                        }
                    }
                }
                if (n == 0) { // dead: moved onto one of the batch's encoder outputs
                    boolean found = false;
                    for (int i = 0; i < codes.length && !found; i++) {
                        boolean same = true;
                        for (int j = 0; j < 8 && same; j++) {
                            same = Math.abs(z[i * 8 + j] - after[k * 8 + j]) < 1e-5f;
                        }
                        found = same;
                    }
                    assertTrue(found, "dead code " + k + " was not restarted on a batch vector");
                    continue;
                }
                alive++;
                for (int j = 0; j < 8; j++) {
                    assertEquals(mean[j] / n, after[k * 8 + j], 1e-4, "code " + k + " is not its cluster mean");
                }
            }
            assertTrue(alive >= 2, "alive codes " + alive);
        }
    }

    @Test
    void emaTrainingKeepsTheCodebookInUseAndCodesDeterministic() {
        try (NDManager m = NDManager.newBaseManager()) {
            VqTokenizer t = tokenizer(m, 0.9);
            ParameterStore ps = new ParameterStore(m, false);
            Rng rng = Rng.of(4);
            float first = 0;
            float last = 0;
            for (int step = 0; step < 20; step++) {
                try (NDManager s = m.newSubManager()) {
                    VqOutput out = t.trainForward(ps, VqTokenizerTest.images(s, 8, 100 + step), rng.split());
                    t.updateCodebook();
                    if (step == 0) {
                        first = out.commitment().getFloat();
                    }
                    last = out.perplexity().getFloat();
                }
            }
            // 128 latents per batch over 16 codes: the codebook stays spread (a collapse gives ~1)
            assertTrue(last > 8, "perplexity " + last);
            try (NDManager s = m.newSubManager()) {
                VqOutput out = t.forwardVq(ps, VqTokenizerTest.images(s, 8, 999), false);
                float commitment = out.commitment().getFloat();
                assertTrue(Float.isFinite(commitment) && commitment <= first * 2, commitment + " vs " + first);
                NDArray x = VqTokenizerTest.images(s, 2, 5);
                assertArrayEquals(t.tokenize(x).toLongArray(), t.tokenize(x.duplicate()).toLongArray());
            }
        }
    }

    @Test
    void trainingStepsLeaveNoArraysInTheModelManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            VqTokenizer t = tokenizer(m, 0.99);
            ParameterStore ps = new ParameterStore(m, false);
            Rng rng = Rng.of(9);
            int[] counts = new int[3];
            for (int step = 0; step < 3; step++) {
                try (NDManager s = m.newSubManager()) {
                    t.trainForward(ps, VqTokenizerTest.images(s, 4, step), rng.split());
                    t.updateCodebook();
                    t.forwardVq(ps, VqTokenizerTest.images(s, 2, 50 + step), false);
                }
                counts[step] = m.getManagedArrays().size();
            }
            assertEquals(counts[1], counts[2], "model manager grew");
        }
    }

    @Test
    void decayOutsideItsRangeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VqTokenizerConfig(16, 8, 8, 0.25, 1.0));
        assertTrue(e.getMessage().contains("codebookDecay"), e.getMessage());
    }
}
