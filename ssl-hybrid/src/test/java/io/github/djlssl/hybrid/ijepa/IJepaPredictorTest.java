package io.github.djlssl.hybrid.ijepa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IJepaPredictorTest {

    private static final int B = 3;
    private static final int D = 16;

    private static IJepaPredictor predictor(NDManager m, int width) {
        Engine.getInstance().setRandomSeed(3);
        IJepaPredictor p = new IJepaPredictor(D, width, 2, 2, 4);
        p.initialize(m, DataType.FLOAT32, new Shape(B, 5, D), new Shape(B, 5), new Shape(B, 3));
        return p;
    }

    private static List<NDArray> targets(NDManager m) {
        return List.of(
                m.create(new long[] {0, 1, 4, 2, 3, 6, 8, 9, 12}, new Shape(B, 3)),
                m.create(new long[] {5, 6, 9, 0, 4, 8, 10, 11, 14}, new Shape(B, 3)),
                m.create(new long[] {10, 11, 15, 1, 2, 3, 13, 14, 15}, new Shape(B, 3)),
                m.create(new long[] {7, 11, 15, 12, 13, 14, 0, 1, 2}, new Shape(B, 3)));
    }

    private static NDArray contextIndices(NDManager m) {
        return m.create(new long[] {2, 3, 7, 8, 12, 0, 1, 4, 5, 10, 3, 4, 5, 6, 7}, new Shape(B, 5));
    }

    @Test
    void predictsEveryTargetBlockBlockMajor() {
        try (NDManager m = NDManager.newBaseManager()) {
            IJepaPredictor p = predictor(m, 8);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray context = m.randomNormal(new Shape(B, 5, D));
            NDArray out = p.predict(ps, context, contextIndices(m), targets(m), false);
            assertEquals(new Shape(4 * B, 3, D), out.getShape());
            assertEquals(out.getShape(), p.getOutputShapes(new Shape[] {
                new Shape(B, 5, D), new Shape(B, 5), new Shape(B, 3), new Shape(B, 3),
                new Shape(B, 3), new Shape(B, 3)})[0]);

            // Change image 1's context only: exactly rows m·B + 1 (block m of image 1) change;
            // with the 0.02-std init the predictions are small, so any nonzero change counts.
            NDArray edited = context.duplicate();
            edited.set(new NDIndex(1), 5f);
            NDArray out2 = p.predict(ps, edited, contextIndices(m), targets(m), false);
            for (int row = 0; row < 4 * B; row++) {
                float diff = out.get(row).sub(out2.get(row)).abs().max().getFloat();
                if (row % B == 1) {
                    assertTrue(diff > 1e-6f, "row " + row + " should depend on image 1");
                } else {
                    assertEquals(0f, diff, 0f, "row " + row + " must not depend on image 1");
                }
            }
        }
    }

    @Test
    void maskTokensCarryTheirTargetPositions() {
        try (NDManager m = NDManager.newBaseManager()) {
            IJepaPredictor p = predictor(m, 8);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray context = m.randomNormal(new Shape(B, 5, D));
            NDArray a = m.create(new long[] {0, 1, 2, 0, 1, 2, 0, 1, 2}, new Shape(B, 3));
            NDArray b = m.create(new long[] {13, 14, 15, 13, 14, 15, 13, 14, 15}, new Shape(B, 3));
            NDArray pa = p.predict(ps, context, contextIndices(m), List.of(a), false);
            NDArray pb = p.predict(ps, context, contextIndices(m), List.of(b), false);
            assertEquals(new Shape(B, 3, D), pa.getShape());
            assertTrue(pa.sub(pb).abs().max().getFloat() > 1e-6f, "other positions, other predictions");
        }
    }

    @Test
    void initialisationFollowsTheReference() {
        try (NDManager m = NDManager.newBaseManager()) {
            IJepaPredictor p = predictor(m, 32);
            Map<String, Float> std = new HashMap<>();
            for (Pair<String, Parameter> e : p.getParameters()) {
                NDArray w = e.getValue().getArray();
                float mean = w.mean().getFloat();
                std.put(e.getKey(), (float) Math.sqrt(w.sub(mean).square().mean().getFloat()));
            }
            // N(0, 0.02²) Linear weights and mask token; block i's residual outputs ÷ sqrt(2i).
            assertEquals(0.02f, only(std, "predictor_embed_weight"), 0.003f);
            assertEquals(0.02f, only(std, "predictor_proj_weight"), 0.003f);
            assertEquals(0.02f, only(std, "01TransformerBlock_\\d+attn_\\d+qkv_weight"), 0.002f);
            assertEquals(0.02f / Math.sqrt(2), only(std, "01TransformerBlock_\\d+attn_\\d+proj_weight"), 0.0015f);
            assertEquals(0.02f / 2, only(std, "02TransformerBlock_\\d+attn_\\d+proj_weight"), 0.001f);
            assertEquals(0.02f / 2, only(std, "02TransformerBlock_\\d+mlp_\\d+fc2_weight"), 0.001f);
            assertEquals(0f, only(std, "predictor_proj_bias"), 0f);
        }
    }

    private static float only(Map<String, Float> std, String suffix) {
        List<String> keys = std.keySet().stream().filter(k -> k.matches(".*" + suffix)).toList();
        assertEquals(1, keys.size(), suffix + " in " + std.keySet());
        return std.get(keys.get(0));
    }

    @Test
    void leavesNoArraysBehind() {
        try (NDManager m = NDManager.newBaseManager()) {
            IJepaPredictor p = predictor(m, 8);
            ParameterStore ps = new ParameterStore(m, false);
            try (NDManager warm = m.newSubManager()) {
                p.predict(ps, warm.randomNormal(new Shape(B, 5, D)), contextIndices(warm), targets(warm), true);
            }
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray out = p.predict(ps, step.randomNormal(new Shape(B, 5, D)),
                            contextIndices(step), targets(step), true);
                    assertEquals(step, out.getManager());
                }
            }
            assertEquals(before, m.getManagedArrays().size());
        }
    }
}
