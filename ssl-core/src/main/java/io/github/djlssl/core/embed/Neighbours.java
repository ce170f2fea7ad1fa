package io.github.djlssl.core.embed;

/**
 * The nearest neighbours of one query, most similar first.
 *
 * @param indices row indices into the searched matrix, length k
 * @param similarities their cosine similarities in [-1, 1], non-increasing, length k
 */
public record Neighbours(int[] indices, float[] similarities) {

    /** Validates equal lengths. */
    public Neighbours {
        if (indices.length != similarities.length) {
            throw new IllegalArgumentException(indices.length + " indices but " + similarities.length + " similarities");
        }
    }

    /**
     * Returns the number of neighbours.
     *
     * @return k
     */
    public int size() {
        return indices.length;
    }
}
