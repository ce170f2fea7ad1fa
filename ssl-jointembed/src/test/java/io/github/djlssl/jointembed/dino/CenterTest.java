package io.github.djlssl.jointembed.dino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

class CenterTest {

    @Test
    void updateIsTheExactEma() {
        try (NDManager m = NDManager.newBaseManager()) {
            Center c = new Center(m, 2, 0.9);
            NDArray stored = c.value();
            assertArrayEquals(new float[] {0, 0}, c.value().toFloatArray());
            c.update(m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2))); // mean (2, 3)
            assertArrayEquals(new float[] {0.2f, 0.3f}, c.value().toFloatArray(), 1e-7f);
            c.update(m.create(new float[] {0, 0, 2, 2}, new Shape(2, 2))); // mean (1, 1)
            assertArrayEquals(
                    new float[] {0.9f * 0.2f + 0.1f, 0.9f * 0.3f + 0.1f},
                    c.value().toFloatArray(),
                    1e-7f);
            // in place: a checkpoint restore into stateArrays() reaches the loss
            assertEquals(stored, c.value());
            assertEquals("dino.center", c.stateArrays().get(0).getName());
        }
    }

    @Test
    void updateLeavesNoArraysBehind() {
        try (NDManager m = NDManager.newBaseManager()) {
            Center c = new Center(m, 3, 0.9);
            NDArray t = m.ones(new Shape(4, 3));
            c.update(t);
            int before = m.getManagedArrays().size();
            c.update(t);
            assertEquals(before, m.getManagedArrays().size());
        }
    }

    @Test
    void rejectsBadInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> new Center(m, 3, 1.5));
            Center c = new Center(m, 3, 0.9);
            assertThrows(IllegalArgumentException.class, () -> c.update(m.ones(new Shape(2, 4))));
        }
    }
}
