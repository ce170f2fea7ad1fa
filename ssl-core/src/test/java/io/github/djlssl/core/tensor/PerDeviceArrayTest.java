package io.github.djlssl.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PerDeviceArrayTest {

    @Test
    void makesOneCopyPerDeviceAndReusesIt() {
        AtomicInteger made = new AtomicInteger();
        PerDeviceArray cache = new PerDeviceArray(owner -> {
            made.incrementAndGet();
            return owner.create(new float[] {1, 2, 3});
        });
        try (NDManager owner = NDManager.newBaseManager()) {
            NDArray first = cache.get(owner, owner.getDevice());
            NDArray again = cache.get(owner, owner.getDevice());
            assertSame(first, again);
            assertEquals(1, made.get());
            assertSame(owner, first.getManager());
            assertArrayEquals(new float[] {1, 2, 3}, first.toFloatArray());
        }
    }

    @Test
    void remakesACopySomethingReleased() {
        AtomicInteger made = new AtomicInteger();
        PerDeviceArray cache = new PerDeviceArray(owner -> {
            made.incrementAndGet();
            return owner.create(new float[] {4});
        });
        try (NDManager owner = NDManager.newBaseManager()) {
            cache.prepare(owner);
            NDArray first = cache.get(owner, owner.getDevice());
            assertEquals(1, made.get());
            first.close();
            NDArray second = cache.get(owner, owner.getDevice());
            assertNotSame(first, second);
            assertFalse(second.isReleased());
            assertEquals(2, made.get());
        }
    }
}
