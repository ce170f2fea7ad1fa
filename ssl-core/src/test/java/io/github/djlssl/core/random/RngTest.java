package io.github.djlssl.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void sameSeedSameStreamAndStateRestoresExactly() {
        Rng a = Rng.of(42);
        Rng b = Rng.of(42);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        long saved = a.state();
        double[] first = {a.nextDouble(), a.nextGaussian(), a.nextInt(7)};
        a.setState(saved);
        double[] again = {a.nextDouble(), a.nextGaussian(), a.nextInt(7)};
        assertArrayEquals(first, again);
        assertNotEquals(Rng.of(1).nextLong(), Rng.of(2).nextLong());
    }

    @Test
    void uniformMomentsAndRange() {
        Rng rng = Rng.of(7);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            assertTrue(u >= 0 && u < 1);
            sum += u;
            sumSq += u * u;
        }
        double mean = sum / n;
        assertEquals(0.5, mean, 0.005);
        assertEquals(1.0 / 12, sumSq / n - mean * mean, 0.002);
    }

    @Test
    void gaussianMoments() {
        Rng rng = Rng.of(3);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double g = rng.nextGaussian();
            sum += g;
            sumSq += g * g;
        }
        assertEquals(0.0, sum / n, 0.01);
        assertEquals(1.0, sumSq / n, 0.02);
    }

    @Test
    void nextIntIsUnbiasedAndBounded() {
        Rng rng = Rng.of(11);
        int[] counts = new int[6];
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            counts[rng.nextInt(6)]++;
        }
        for (int c : counts) {
            assertEquals(n / 6.0, c, 5 * Math.sqrt(n / 6.0));
        }
        assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = Rng.of(5).permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertNotEquals(0, Arrays.mismatch(p, sorted) + 1); // not the identity
    }

    @Test
    void splitStreamsDiffer() {
        Rng parent = Rng.of(9);
        Rng c1 = parent.split();
        Rng c2 = parent.split();
        assertNotEquals(c1.nextLong(), c2.nextLong());
    }

    @Test
    void uniformNdArrayOnManagerDevice() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray u = Rng.of(1).uniform(m, new Shape(4, 3), -2, 2);
            assertEquals(new Shape(4, 3), u.getShape());
            assertEquals(m.getDevice(), u.getDevice());
            assertTrue(u.gte(-2).all().getBoolean() && u.lt(2).all().getBoolean());
            NDArray again = Rng.of(1).uniform(m, new Shape(4, 3), -2, 2);
            assertTrue(u.contentEquals(again));
        }
    }
}
