package io.github.djlssl.core.encoder;

/** How a {@link VisionTransformer} tells its patch tokens apart by position. */
public enum PositionalEmbedding {

    /**
     * Fixed 2-D sine-cosine table, not trained (MAE, I-JEPA, MoCo v3). It is a constant, not a
     * {@code Parameter}: it never receives gradients, weight decay, EMA updates or an accidental
     * unfreeze; {@link VisionTransformer#fixedPositionalEmbedding} gives it to exporters.
     */
    SINCOS_2D,

    /** A trained parameter {@code pos_embed} {@code [1, P + L, D]}, truncated-normal σ = 0.02 (timm, DINO). */
    LEARNED;

    /**
     * Computes MAE's {@code get_2d_sincos_pos_embed(dim, gridSize, cls_token)} exactly: prefix rows
     * are zero; for patch {@code t = i·g + j} (row i, column j) the first {@code dim/2} entries
     * encode the column j and the last {@code dim/2} the row i, each as {@code [sin(p·ω_k),
     * cos(p·ω_k)]} with {@code ω_k = 10000^(−k/(dim/4))}, {@code k < dim/4}.
     *
     * @param dim the token width D, divisible by 4
     * @param gridSize patches per side g
     * @param prefixTokens zero rows to put first (1 for a CLS token)
     * @return row-major {@code [prefixTokens + g², D]}
     */
    public static float[] sinCos2d(int dim, int gridSize, int prefixTokens) {
        if (dim % 4 != 0) {
            throw new IllegalArgumentException("sin-cos positional embedding needs dim % 4 == 0, got " + dim);
        }
        int quarter = dim / 4;
        double[] omega = new double[quarter];
        for (int k = 0; k < quarter; k++) {
            omega[k] = 1.0 / Math.pow(10000.0, (double) k / quarter);
        }
        float[] table = new float[(prefixTokens + gridSize * gridSize) * dim];
        for (int i = 0; i < gridSize; i++) {
            for (int j = 0; j < gridSize; j++) {
                int row = (prefixTokens + i * gridSize + j) * dim;
                for (int k = 0; k < quarter; k++) {
                    // MAE meshes (w, h): its "emb_h" half actually encodes the column index j.
                    table[row + k] = (float) Math.sin(j * omega[k]);
                    table[row + quarter + k] = (float) Math.cos(j * omega[k]);
                    table[row + 2 * quarter + k] = (float) Math.sin(i * omega[k]);
                    table[row + 3 * quarter + k] = (float) Math.cos(i * omega[k]);
                }
            }
        }
        return table;
    }
}
