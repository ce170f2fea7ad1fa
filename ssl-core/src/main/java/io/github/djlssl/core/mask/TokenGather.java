package io.github.djlssl.core.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Selects tokens by patch index, batched: the step that turns a mask's index tensors into the
 * token tensors a ViT-based method feeds its encoder (MAE's visible tokens, I-JEPA's context),
 * predictor (I-JEPA's target positions) or decoder (MAE's unshuffle with {@code ids_restore}).
 *
 * <p>It is {@code torch.gather} along the sequence axis with the index broadcast over the feature
 * axes (DJL's {@code gather} needs an index of the input's rank). Differentiable with respect to
 * the tokens.
 */
public final class TokenGather {

    private TokenGather() {}

    /**
     * Gathers tokens: {@code out[b, k, ...] = tokens[b, indices[b, k], ...]}.
     *
     * <p>A batch-1 input ({@code [1, L, ...]}, e.g. a positional embedding) is shared by every
     * row of {@code indices}.
     *
     * @param tokens {@code [B, L]} or {@code [B, L, D, ...]}, or batch 1
     * @param indices int64 {@code [B, K]}, each in {@code [0, L)}
     * @return {@code [B, K]} or {@code [B, K, D, ...]}, on {@code tokens}' manager
     */
    public static NDArray gather(NDArray tokens, NDArray indices) {
        Shape ts = tokens.getShape();
        Shape is = indices.getShape();
        if (ts.dimension() < 2 || is.dimension() != 2) {
            throw new IllegalArgumentException(
                    "tokens must be [B, L, ...] and indices [B, K], got " + ts + " and " + is);
        }
        long batch = is.get(0);
        if (ts.get(0) != batch && ts.get(0) != 1) {
            throw new IllegalArgumentException(
                    "batch mismatch: tokens " + ts + " vs indices " + is);
        }
        long length = ts.get(1);
        long count = is.get(1);
        long features = ts.size() / (ts.get(0) * length);
        NDArray flat = tokens.reshape(ts.get(0), length, features);
        NDArray source = ts.get(0) == batch ? flat : flat.broadcast(batch, length, features);
        NDArray expanded = indices.expandDims(2);
        NDArray index = expanded.broadcast(batch, count, features);
        NDArray picked = source.gather(index, 1);
        NDArray out = picked.reshape(outputShape(ts, batch, count));
        // Free the temporaries' handles; autograd keeps what backward needs alive natively.
        for (NDArray temp : new NDArray[] {flat, source, expanded, index, picked}) {
            if (temp != out && temp != tokens) {
                temp.close();
            }
        }
        return out;
    }

    /**
     * Puts MAE's shuffled sequence back in patch order (He et al. 2022's {@code ids_restore}
     * step): {@code tokens} holds the visible tokens followed by the mask tokens, and {@code
     * restoreIndices} comes from {@link PatchMask#restoreIndices()}.
     *
     * @param tokens {@code [B, L, D]} in {@code concat(keep, masked)} order
     * @param restoreIndices int64 {@code [B, L]}
     * @return {@code [B, L, D]} in patch order
     */
    public static NDArray restore(NDArray tokens, NDArray restoreIndices) {
        return gather(tokens, restoreIndices);
    }

    private static Shape outputShape(Shape tokens, long batch, long count) {
        long[] dims = tokens.getShape();
        dims[0] = batch;
        dims[1] = count;
        return new Shape(dims);
    }
}
