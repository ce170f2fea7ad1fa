package io.github.djlssl.mim.beit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.djlssl.core.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VqTokenizerTest {

    static final VqTokenizerConfig TINY = new VqTokenizerConfig(16, 8, 8, 0.25, 0.99);

    /** A tiny tokenizer for 1 × 16 × 16 images and 4 px patches, seeded. */
    static VqTokenizer tiny(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        VqTokenizer t = new VqTokenizer(TINY, 1, 4);
        t.initialize(m, DataType.FLOAT32, new Shape(2, 1, 16, 16));
        return t;
    }

    static NDArray images(NDManager m, int n, long seed) {
        return m.create(Rng.of(seed).uniformArray(n * 256, -1, 1), new Shape(n, 1, 16, 16));
    }

    @Test
    void codesAreDeterministicInRangeAndOnThePatchGrid() {
        try (NDManager m = NDManager.newBaseManager()) {
            VqTokenizer t = tiny(m, 1);
            NDArray x = images(m, 3, 5);
            NDArray a = t.tokenize(x);
            NDArray b = t.tokenize(x.duplicate());
            assertEquals(new Shape(3, 16), a.getShape());
            assertEquals(DataType.INT64, a.getDataType());
            assertArrayEquals(a.toLongArray(), b.toLongArray());
            for (long code : a.toLongArray()) {
                assertTrue(code >= 0 && code < 16, "code " + code);
            }
            // and the same codes as the training forward
            VqOutput out = t.forwardVq(new ParameterStore(m, false), x, false);
            assertArrayEquals(a.toLongArray(), out.codes().toLongArray());
        }
    }

    @Test
    void quantisationPicksTheNearestCodeAndLossesMatchTheirDefinitions() {
        try (NDManager m = NDManager.newBaseManager()) {
            VqTokenizer t = tiny(m, 2);
            NDArray x = images(m, 2, 6);
            ParameterStore ps = new ParameterStore(m, false);
            VqOutput out = t.forwardVq(ps, x, false);
            // Codebook and commitment terms are the same number; only β·commitment is in the loss
            // (the codebook is EMA-updated).
            assertEquals(out.codebook().getFloat(), out.commitment().getFloat(), 1e-7f);
            float expected = out.reconstruction().getFloat() + 0.25f * out.commitment().getFloat();
            assertEquals(expected, out.loss().getFloat(), 1e-5f);
            float perplexity = out.perplexity().getFloat();
            assertTrue(perplexity >= 1 - 1e-4 && perplexity <= 16 + 1e-4, "perplexity " + perplexity);
            // Brute-force nearest code for every latent, in Java.
            Parameter book = t.getParameters().get("codebook");
            float[] e = book.getArray().toFloatArray();
            NDArray latent = t.getChildren().get(0).getValue()
                    .forward(ps, new ai.djl.ndarray.NDList(x), false).singletonOrThrow();
            float[] z = latent.transpose(0, 2, 3, 1).reshape(-1, 8).toFloatArray();
            long[] codes = out.codes().toLongArray();
            for (int i = 0; i < codes.length; i++) {
                int best = -1;
                double bestD = Double.MAX_VALUE;
                for (int k = 0; k < 16; k++) {
                    double d = 0;
                    for (int j = 0; j < 8; j++) {
                        double diff = z[i * 8 + j] - e[k * 8 + j];
                        d += diff * diff;
                    }
                    if (d < bestD) {
                        bestD = d;
                        best = k;
                    }
                }
                assertEquals(best, codes[i], "latent " + i);
            }
        }
    }

    @Test
    void tokenizingLeavesNoArraysInTheModelOrCallerManagers() {
        try (NDManager m = NDManager.newBaseManager()) {
            VqTokenizer t = tiny(m, 5);
            try (NDManager step = m.newSubManager()) {
                NDArray x = images(step, 2, 9);
                t.tokenize(x).close();
                t.forwardVq(new ParameterStore(m, false), x, false).loss().close();
                int model = m.getManagedArrays().size();
                int inStep = step.getManagedArrays().size();
                t.tokenize(x).close();
                assertEquals(model, m.getManagedArrays().size());
                assertEquals(inStep, step.getManagedArrays().size());
            }
        }
    }

    @Test
    void gradientsReachEncoderAndDecoderButNotTheEmaCodebook() {
        try (NDManager m = NDManager.newBaseManager()) {
            VqTokenizer t = tiny(m, 3);
            NDArray x = images(m, 4, 7);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(t.forwardVq(new ParameterStore(m, false), x, true).loss());
            }
            for (Pair<String, Parameter> p : t.getParameters()) {
                if (p.getKey().equals("codebook")) {
                    assertTrue(!p.getValue().requiresGradient(), "the codebook is EMA-updated");
                    continue;
                }
                float g = p.getValue().getArray().getGradient().abs().sum().getFloat();
                assertTrue(g > 0, "no gradient for " + p.getKey());
            }
        }
    }

    @Test
    void saveAndLoadGiveTheSameCodes(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            VqTokenizer t = tiny(m, 4);
            NDArray x = images(m, 2, 8);
            Path file = dir.resolve("tok.safetensors");
            TokenizerFile.save(t, file);
            VqTokenizer loaded = TokenizerFile.load(file, m);
            assertEquals(16, loaded.vocabularySize());
            assertEquals(4, loaded.patchSize());
            assertArrayEquals(t.tokenize(x).toLongArray(), loaded.tokenize(x).toLongArray());
            for (Pair<String, Parameter> p : loaded.getParameters()) {
                assertTrue(!p.getValue().requiresGradient(), p.getKey() + " must be frozen");
            }
        }
    }

    @Test
    void missingOrForeignFilesFailWithTheTrainingCommand(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            IOException missing = assertThrows(IOException.class,
                    () -> TokenizerFile.load(dir.resolve("nothing"), m));
            assertTrue(missing.getMessage().contains("beit-tokenizer"), missing.getMessage());
            Path foreign = dir.resolve("x.safetensors");
            NDArray a = m.ones(new Shape(2));
            a.setName("weight");
            try (var os = Files.newOutputStream(foreign)) {
                new ai.djl.ndarray.NDList(a).encode(os, ai.djl.ndarray.NDList.Encoding.SAFETENSORS);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TokenizerFile.load(foreign, m));
            assertTrue(e.getMessage().contains("beit-tokenizer"), e.getMessage());
        }
    }
}
