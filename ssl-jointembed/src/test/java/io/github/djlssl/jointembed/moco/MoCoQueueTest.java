package io.github.djlssl.jointembed.moco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class MoCoQueueTest {

    @Test
    void startsWithUnitKeysFromTheSeed() {
        try (NDManager m = NDManager.newBaseManager();
                MoCoQueue a = new MoCoQueue(m, 64, 8, Rng.of(3));
                MoCoQueue b = new MoCoQueue(m, 64, 8, Rng.of(3))) {
            float[] norms = a.keys().norm(new int[] {1}).toFloatArray();
            for (float n : norms) {
                assertEquals(1f, n, 1e-5f);
            }
            assertArrayEquals(a.keys().toFloatArray(), b.keys().toFloatArray(), 0f);
            // Gaussian directions: the mean key is near 0 (|mean| of 64·8 entries ≈ 0.35/√64 ≈ 0.04).
            assertEquals(0, a.keys().mean().getFloat(), 0.05);
            assertEquals(0, a.pointer());
        }
    }

    @Test
    void isAFifoRingThatOverwritesTheOldestKeys() {
        try (NDManager m = NDManager.newBaseManager();
                MoCoQueue q = new MoCoQueue(m, 5, 2, Rng.of(1))) {
            float[] initial = q.keys().toFloatArray();
            q.enqueue(m.create(new float[] {3, 4, 0, 2}, new Shape(2, 2))); // rows 0, 1
            assertEquals(2, q.pointer());
            q.enqueue(m.create(new float[] {-1, 0, 0, -5}, new Shape(2, 2))); // rows 2, 3
            assertEquals(4, q.pointer());
            // Stored normalised: [3, 4] → [0.6, 0.8].
            assertArrayEquals(new float[] {0.6f, 0.8f, 0, 1, -1, 0, 0, -1, initial[8], initial[9]},
                    q.keys().toFloatArray(), 1e-6f);
            q.enqueue(m.create(new float[] {1, 1, 2, 0, 0, 3}, new Shape(3, 2))); // rows 4, 0, 1 (wraps)
            assertEquals(2, q.pointer());
            float r = (float) Math.sqrt(0.5);
            assertArrayEquals(new float[] {1, 0, 0, 1, -1, 0, 0, -1, r, r}, q.keys().toFloatArray(), 1e-6f);
            q.enqueue(m.create(new float[] {0, 1, 1, 0, 0, 1, 1, 0, 0, 1}, new Shape(5, 2))); // a full lap
            assertEquals(2, q.pointer());
            assertArrayEquals(new float[] {1, 0, 0, 1, 0, 1, 1, 0, 0, 1}, q.keys().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void stateArraysAreTheLiveNamedQueueAndPointer() {
        try (NDManager m = NDManager.newBaseManager();
                MoCoQueue q = new MoCoQueue(m, 4, 3, Rng.of(2))) {
            NDList state = q.stateArrays();
            assertEquals("moco/queue", state.get(0).getName());
            assertEquals("moco/queue_pointer", state.get(1).getName());
            // A checkpoint restore writes into these arrays; the queue must see it.
            NDArray saved = m.create(new float[] {0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1}, new Shape(4, 3));
            saved.copyTo(state.get(0));
            m.create(new long[] {3}).copyTo(state.get(1));
            assertEquals(3, q.pointer());
            q.enqueue(m.create(new float[] {2, 0, 0}, new Shape(1, 3)));
            assertEquals(0, q.pointer());
            assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0}, q.keys().toFloatArray(), 0f);
        }
    }

    @Test
    void rejectsBadInput() {
        try (NDManager m = NDManager.newBaseManager();
                MoCoQueue q = new MoCoQueue(m, 2, 3, Rng.of(2))) {
            assertThrows(IllegalArgumentException.class, () -> q.enqueue(m.ones(new Shape(3, 3))));
            assertThrows(IllegalArgumentException.class, () -> q.enqueue(m.ones(new Shape(1, 4))));
            assertThrows(IllegalArgumentException.class, () -> new MoCoQueue(m, 0, 3, Rng.of(1)));
        }
    }
}
