package io.github.djlssl.core.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {

    private static float[][] gaussian(Rng rng, int n, int d) {
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) rng.nextGaussian();
            }
        }
        return x;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            dot += a[j] * b[j];
            na += a[j] * a[j];
            nb += b[j] * b[j];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void topKMatchesBruteForceCosine() {
        Rng rng = Rng.of(7);
        float[][] data = gaussian(rng, 60, 8);
        float[][] queries = gaussian(rng, 6, 8);
        try (NDManager m = NDManager.newBaseManager();
                NearestNeighbours index = NearestNeighbours.of(m, data)) {
            List<Neighbours> found = index.search(queries, 5);
            assertEquals(6, found.size());
            for (int q = 0; q < queries.length; q++) {
                float[] query = queries[q];
                int[] expected = IntStream.range(0, data.length).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -cosine(query, data[i])))
                        .limit(5).mapToInt(Integer::intValue).toArray();
                assertArrayEquals(expected, found.get(q).indices(), "query " + q);
                for (int j = 0; j < 5; j++) {
                    assertEquals(cosine(query, data[expected[j]]), found.get(q).similarities()[j], 1e-5);
                }
            }
        }
    }

    @Test
    void aVectorIsItsOwnNearestNeighbourAndKIsClampedToN() {
        float[][] data = gaussian(Rng.of(3), 4, 5);
        try (NDManager m = NDManager.newBaseManager();
                NearestNeighbours index = NearestNeighbours.of(m, data)) {
            Neighbours self = index.search(data[2], 10);
            assertEquals(4, self.size());
            assertEquals(2, self.indices()[0]);
            assertEquals(1f, self.similarities()[0], 1e-6f);
            float[] sims = self.similarities();
            float[] sorted = sims.clone();
            Arrays.sort(sorted);
            for (int j = 0; j < sims.length; j++) {
                assertEquals(sorted[sims.length - 1 - j], sims[j]);
            }
            assertThrows(IllegalArgumentException.class, () -> index.search(data[0], 0));
            assertThrows(IllegalArgumentException.class, () -> index.search(new float[] {1f}, 1));
        }
    }

    @Test
    void deviceSearchReturnsSimilaritiesAndIndicesOnTheCallersManagerWithoutLeaks() {
        float[][] data = gaussian(Rng.of(11), 20, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray matrix = m.create(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0}, new Shape(3, 4));
            try (NearestNeighbours index = NearestNeighbours.of(matrix)) {
                NDArray queries = m.create(new float[] {3, 0, 4, 0, 3, 4, 0, 0}, new Shape(2, 4));
                int before = m.getManagedArrays().size();
                NDList top = index.search(queries, 2);
                assertEquals(new Shape(2, 2), top.get(0).getShape());
                assertEquals(DataType.INT64, top.get(1).getDataType());
                assertArrayEquals(new long[] {2, 0, 1, 0}, top.get(1).toLongArray());
                assertArrayEquals(new float[] {0.8f, 0.6f, 0.8f, 0.6f}, top.get(0).toFloatArray(), 1e-6f);
                assertEquals(before + 2, m.getManagedArrays().size());
                top.close();
                for (float[] row : data) {
                    assertEquals(1, index.search(row, 1).size());
                }
                assertEquals(before, m.getManagedArrays().size());
            }
            assertEquals(new Shape(3, 4), matrix.getShape());
        }
    }
}
