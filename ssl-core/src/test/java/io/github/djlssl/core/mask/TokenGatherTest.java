package io.github.djlssl.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class TokenGatherTest {

    @Test
    void gathersTokensPerSample() {
        try (NDManager m = NDManager.newBaseManager()) {
            // x[b, l, d] = 100 b + 10 l + d
            NDArray x = m.arange(0f, 24f).reshape(2, 4, 3);
            x = x.mul(0).add(m.create(new float[] {0, 100}).reshape(2, 1, 1))
                    .add(m.arange(0f, 4f).mul(10).reshape(1, 4, 1))
                    .add(m.arange(0f, 3f).reshape(1, 1, 3));
            NDArray idx = m.create(new long[] {3, 0, 1, 1}, new Shape(2, 2));
            NDArray out = TokenGather.gather(x, idx);
            assertEquals(new Shape(2, 2, 3), out.getShape());
            assertEquals(new Shape(2, 4, 3), x.getShape(), "input shape untouched");
            assertArrayEquals(
                    new float[] {30, 31, 32, 0, 1, 2, 110, 111, 112, 110, 111, 112},
                    out.toFloatArray());
        }
    }

    @Test
    void handlesRankTwoRankFourAndSharedBatchOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray idx = m.create(new long[] {2, 0, 1, 2}, new Shape(2, 2));
            NDArray flat = m.arange(0f, 6f).reshape(2, 3);
            assertArrayEquals(
                    new float[] {2, 0, 4, 5}, TokenGather.gather(flat, idx).toFloatArray());
            NDArray deep = m.arange(0f, 24f).reshape(2, 3, 2, 2);
            NDArray d = TokenGather.gather(deep, idx);
            assertEquals(new Shape(2, 2, 2, 2), d.getShape());
            assertArrayEquals(
                    new float[] {8, 9, 10, 11, 0, 1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23},
                    d.toFloatArray());
            NDArray pos = m.arange(0f, 6f).reshape(1, 3, 2); // a positional embedding
            NDArray p = TokenGather.gather(pos, idx);
            assertEquals(new Shape(2, 2, 2), p.getShape());
            assertArrayEquals(new float[] {4, 5, 0, 1, 2, 3, 4, 5}, p.toFloatArray());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> TokenGather.gather(m.zeros(new Shape(3, 3, 2)), idx));
        }
    }

    @Test
    void keepPlusMaskedRestoresPatchOrder() {
        try (NDManager m = NDManager.newBaseManager();
                PatchMask pm = RandomMaskGenerator.mae(4).generate(m, 3, Rng.of(4))) {
            NDArray x = m.randomUniform(0, 1, new Shape(3, 16, 5));
            NDArray visible = TokenGather.gather(x, pm.keepIndices());
            NDArray hidden = TokenGather.gather(x, pm.maskedIndices());
            assertEquals(new Shape(3, 4, 5), visible.getShape());
            NDArray shuffled = NDArrays.concat(new NDList(visible, hidden), 1);
            NDArray back = TokenGather.restore(shuffled, pm.restoreIndices());
            assertArrayEquals(x.toFloatArray(), back.toFloatArray());
        }
    }

    @Test
    void gradientFlowsBackToTheGatheredTokens() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(2, 4, 3));
            x.setRequiresGradient(true);
            // Index 1 twice in sample 1: its gradient must add up.
            NDArray idx = m.create(new long[] {3, 0, 1, 1}, new Shape(2, 2));
            NDArray w = m.arange(1f, 13f).reshape(2, 2, 3);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = TokenGather.gather(x, idx);
                gc.backward(out.mul(w).sum());
            }
            float[] expected = {
                4, 5, 6, 0, 0, 0, 0, 0, 0, 1, 2, 3, // sample 0: rows 0 and 3
                0, 0, 0, 17, 19, 21, 0, 0, 0, 0, 0, 0 // sample 1: row 1 = (7,8,9)+(10,11,12)
            };
            assertArrayEquals(expected, x.getGradient().toFloatArray());
            assertEquals(DataType.FLOAT32, x.getGradient().getDataType());
        }
    }

    @Test
    void sharedBatchOneInputSumsGradientsOverRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pos = m.zeros(new Shape(1, 3, 2));
            pos.setRequiresGradient(true);
            NDArray idx = m.create(new long[] {2, 0, 1, 2}, new Shape(2, 2));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(TokenGather.gather(pos, idx).sum());
            }
            assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2}, pos.getGradient().toFloatArray());
        }
    }

    @Test
    void leavesOnlyTheResultBehind() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2, 4, 3));
            NDArray idx = m.create(new long[] {3, 0, 1, 1}, new Shape(2, 2));
            int before = m.getManagedArrays().size();
            NDArray out = TokenGather.gather(x, idx);
            assertEquals(before + 1, m.getManagedArrays().size());
            out.close();
        }
    }
}
