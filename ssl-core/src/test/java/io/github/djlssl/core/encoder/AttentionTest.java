package io.github.djlssl.core.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class AttentionTest {

    /** Fused-qkv multi-head attention equals the per-head textbook formula with timm's qkv layout. */
    @Test
    void matchesPerHeadReferenceWithTimmQkvLayout() {
        Engine.getInstance().setRandomSeed(9);
        int b = 2;
        int n = 3;
        int d = 4;
        int h = 2;
        int hd = d / h;
        try (NDManager m = NDManager.newBaseManager()) {
            Attention attn = new Attention(d, h, true);
            attn.initialize(m, DataType.FLOAT32, new Shape(b, n, d));
            var p = attn.getParameters();
            // non-zero biases so the bias path is checked too
            p.get("01qkv_bias").getArray().addi(m.randomNormal(new Shape(3 * d)));
            p.get("02proj_bias").getArray().addi(m.randomNormal(new Shape(d)));
            float[] wqkv = p.get("01qkv_weight").getArray().toFloatArray(); // [3d, d]
            float[] bqkv = p.get("01qkv_bias").getArray().toFloatArray();
            float[] wp = p.get("02proj_weight").getArray().toFloatArray(); // [d, d]
            float[] bp = p.get("02proj_bias").getArray().toFloatArray();
            NDArray x = m.randomNormal(new Shape(b, n, d));
            float[] xs = x.toFloatArray();

            float[] out = attn.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();

            float[] expected = new float[b * n * d];
            double scale = 1 / Math.sqrt(hd);
            for (int s = 0; s < b; s++) {
                double[][] qkv = new double[n][3 * d];
                for (int t = 0; t < n; t++) {
                    for (int o = 0; o < 3 * d; o++) {
                        double acc = bqkv[o];
                        for (int i = 0; i < d; i++) {
                            acc += wqkv[o * d + i] * xs[(s * n + t) * d + i];
                        }
                        qkv[t][o] = acc;
                    }
                }
                double[][] heads = new double[n][d];
                for (int head = 0; head < h; head++) {
                    int q0 = head * hd;
                    int k0 = d + head * hd;
                    int v0 = 2 * d + head * hd;
                    for (int t = 0; t < n; t++) {
                        double[] logits = new double[n];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int u = 0; u < n; u++) {
                            for (int j = 0; j < hd; j++) {
                                logits[u] += qkv[t][q0 + j] * qkv[u][k0 + j] * scale;
                            }
                            max = Math.max(max, logits[u]);
                        }
                        double z = 0;
                        for (int u = 0; u < n; u++) {
                            logits[u] = Math.exp(logits[u] - max);
                            z += logits[u];
                        }
                        for (int u = 0; u < n; u++) {
                            for (int j = 0; j < hd; j++) {
                                heads[t][q0 + j] += logits[u] / z * qkv[u][v0 + j];
                            }
                        }
                    }
                }
                for (int t = 0; t < n; t++) {
                    for (int o = 0; o < d; o++) {
                        double acc = bp[o];
                        for (int i = 0; i < d; i++) {
                            acc += wp[o * d + i] * heads[t][i];
                        }
                        expected[(s * n + t) * d + o] = (float) acc;
                    }
                }
            }
            assertArrayEquals(expected, out, 1e-5f);
        }
    }
}
