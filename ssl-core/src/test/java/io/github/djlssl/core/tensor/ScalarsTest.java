package io.github.djlssl.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarsTest {

    @Test
    void gradientsSurviveGarbageCollectionBetweenForwardAndBackward() {
        // With x.mul(Number) this recipe corrupted the gradient in about half of the trials.
        try (NDManager m = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 30; trial++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.ones(new ai.djl.ndarray.types.Shape(64));
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Scalars.div(Scalars.mul(x, 0.125), 0.5).sum();
                        churnGarbage();
                        gc.backward(y);
                    }
                    float[] g = x.getGradient().toFloatArray();
                    float[] expected = new float[64];
                    java.util.Arrays.fill(expected, 0.25f);
                    assertArrayEquals(expected, g, 0f, "trial " + trial);
                }
            }
        }
    }

    @Test
    void valuesAndTypes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {-2, 0.5f, 3});
            assertArrayEquals(new float[] {-1, 0.25f, 1.5f}, Scalars.mul(x, 0.5).toFloatArray());
            assertArrayEquals(new float[] {-4, 1, 6}, Scalars.div(x, 0.5).toFloatArray());
            assertArrayEquals(new float[] {0, 0.5f, 3}, Scalars.maximum(x, 0).toFloatArray());
            assertArrayEquals(new float[] {-2, 0.5f, 1}, Scalars.minimum(x, 1).toFloatArray());
            assertEquals(DataType.FLOAT32, Scalars.mul(x, 0.1).getDataType(), "no promotion to float64");
        }
    }

    private static void churnGarbage() {
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            junk.add(ByteBuffer.allocateDirect(1 << 16));
        }
        junk.clear();
        System.gc();
    }
}
