package org.example.simsiam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SimSiamLossTest {

    @Test
    void alignedPredictionsGiveMinusOneAndOrthogonalOnesZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 0, 0, 2}, new Shape(2, 2));
            NDArray b = m.create(new float[] {0, 3, 5, 0}, new Shape(2, 2));
            assertEquals(-1, SimSiamLoss.compute(a, a.mul(3), a, a).getFloat(), 1e-6);
            assertEquals(0, SimSiamLoss.compute(a, a, b, b).getFloat(), 1e-6);
        }
    }
}
