package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Reflect padding of the last axis ({@code torch.nn.functional.pad(mode="reflect")}: the edge
 * pixel is not repeated), built from two flipped slices and one concat.
 */
final class ReflectPad {

    private ReflectPad() {}

    /**
     * Pads the last axis of a 4-D array by {@code radius} on both sides.
     *
     * @param x {@code [..., n]} with {@code radius < n}
     * @return {@code [..., n + 2 * radius]}
     */
    static NDArray lastAxis(NDArray x, int radius) {
        if (radius == 0) {
            return x;
        }
        long n = x.getShape().get(3);
        NDIndex leftIdx = new NDIndex().addAllDim(3).addSliceDim(1, radius + 1L);
        NDIndex rightIdx = new NDIndex().addAllDim(3).addSliceDim(n - 1 - radius, n - 1);
        NDArray left = x.get(leftIdx).flip(3);
        NDArray right = x.get(rightIdx).flip(3);
        return NDArrays.concat(new NDList(left, x, right), 3);
    }
}
