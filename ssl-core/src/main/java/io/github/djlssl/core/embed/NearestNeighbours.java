package io.github.djlssl.core.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Exact cosine nearest-neighbour search over N embeddings: the rows are L2-normalised once, a
 * query batch {@code [Q, D]} is normalised, multiplied with the transposed matrix {@code [D, N]} in
 * one matmul and reduced with one {@code topK}, so a search is two device kernels and one download
 * whatever Q is. Memory is {@code N * D} floats for the index plus {@code Q * N} for the similarity
 * matrix of a call; split very large query sets into batches.
 *
 * <p>The index owns a sub-manager of the manager it is built on (its device is where search runs);
 * close it to free the matrix. Not thread-safe for concurrent close; searches only read.
 */
public final class NearestNeighbours implements AutoCloseable {

    private final NDManager manager;
    private final NDArray transposed;
    private final int size;
    private final int dimension;

    private NearestNeighbours(NDManager manager, NDArray transposed, int size, int dimension) {
        this.manager = manager;
        this.transposed = transposed;
        this.size = size;
        this.dimension = dimension;
    }

    /**
     * Builds an index over host vectors.
     *
     * @param manager the parent manager (the device where the matrix lives and searches run)
     * @param vectors N &ge; 1 rows of equal length D &ge; 1; normalised here, so any non-zero
     *     vectors work
     * @return the index
     */
    public static NearestNeighbours of(NDManager manager, float[][] vectors) {
        Objects.requireNonNull(vectors, "vectors");
        if (vectors.length == 0 || vectors[0].length == 0) {
            throw new IllegalArgumentException("cannot index an empty set of vectors");
        }
        int n = vectors.length;
        int d = vectors[0].length;
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            if (vectors[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + vectors[i].length + " values, row 0 has " + d);
            }
            System.arraycopy(vectors[i], 0, flat, i * d, d);
        }
        NDManager own = manager.newSubManager();
        try {
            NDArray matrix = own.create(flat, new Shape(n, d));
            return new NearestNeighbours(own, unit(matrix).transpose(), n, d);
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * Builds an index over a device matrix (copied; the argument is left untouched).
     *
     * @param vectors {@code [N, D]} embeddings, any float type
     * @return the index, owned by a sub-manager of {@code vectors.getManager()}
     */
    public static NearestNeighbours of(NDArray vectors) {
        Shape shape = vectors.getShape();
        if (shape.dimension() != 2 || shape.get(0) == 0 || shape.get(1) == 0) {
            throw new IllegalArgumentException("vectors must be a non-empty [N, D] matrix, got " + shape);
        }
        NDManager own = vectors.getManager().newSubManager();
        try {
            NDArray matrix = vectors.toType(DataType.FLOAT32, true);
            matrix.attach(own);
            return new NearestNeighbours(own, unit(matrix).transpose(), (int) shape.get(0), (int) shape.get(1));
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * Returns the number of indexed vectors.
     *
     * @return N
     */
    public int size() {
        return size;
    }

    /**
     * Returns the vector width.
     *
     * @return D
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Finds the {@code k} most cosine-similar rows for each query, on the device.
     *
     * @param queries {@code [Q, D]} on the index's device (normalised here)
     * @param k neighbours per query, 1 &le; k; clamped to N
     * @return {@code [similarities [Q, k] float32, indices [Q, k] int64]}, most similar first,
     *     attached to {@code queries.getManager()}
     */
    public NDList search(NDArray queries, int k) {
        Shape shape = queries.getShape();
        if (shape.dimension() != 2 || shape.get(1) != dimension) {
            throw new IllegalArgumentException("queries must be [Q, " + dimension + "], got " + shape);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int kk = Math.min(k, size);
        NDManager caller = queries.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray q = queries.toType(DataType.FLOAT32, true);
            q.attach(scope);
            NDArray similarities = unit(q).matMul(transposed); // [Q, N]
            NDList top = similarities.topK(kk, 1, true, true);
            NDList result = new NDList(top.get(0), top.get(1).toType(DataType.INT64, false));
            result.attach(caller);
            return result;
        }
    }

    /**
     * Finds the {@code k} most cosine-similar rows for each query.
     *
     * @param queries Q &ge; 1 vectors of width D
     * @param k neighbours per query, clamped to N
     * @return one {@link Neighbours} per query
     */
    public List<Neighbours> search(float[][] queries, int k) {
        if (queries.length == 0) {
            return List.of();
        }
        float[] flat = new float[queries.length * dimension];
        for (int i = 0; i < queries.length; i++) {
            if (queries[i].length != dimension) {
                throw new IllegalArgumentException("query " + i + " has " + queries[i].length + " values, the index has " + dimension);
            }
            System.arraycopy(queries[i], 0, flat, i * dimension, dimension);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDList top = search(scope.create(flat, new Shape(queries.length, dimension)), k);
            float[] sims = top.get(0).toFloatArray();
            long[] idx = top.get(1).toLongArray();
            int kk = (int) top.get(0).getShape().get(1);
            List<Neighbours> out = new ArrayList<>(queries.length);
            for (int i = 0; i < queries.length; i++) {
                int[] ii = new int[kk];
                for (int j = 0; j < kk; j++) {
                    ii[j] = (int) idx[i * kk + j];
                }
                out.add(new Neighbours(ii, Arrays.copyOfRange(sims, i * kk, (i + 1) * kk)));
            }
            return out;
        }
    }

    /**
     * Finds the {@code k} most cosine-similar rows for one query.
     *
     * @param query a vector of width D
     * @param k neighbours, clamped to N
     * @return the neighbours, most similar first
     */
    public Neighbours search(float[] query, int k) {
        return search(new float[][] {query}, k).get(0);
    }

    @Override
    public void close() {
        manager.close();
    }

    private static NDArray unit(NDArray rows) {
        return rows.normalize(2, 1, EmbeddingTranslator.EPS);
    }
}
