package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Per-sample crop-and-resize of a batch as two batched matrix products, {@code Y_b = R_b X_b
 * C_b^T}, where the row matrix {@code R_b [outH, H]} and the column matrix {@code C_b [outW, W]}
 * hold the bilinear (triangle-filter) weights of sample {@code b}'s crop box.
 *
 * <p>The filter is the antialiased bilinear of PIL and of torchvision's {@code resize(...,
 * antialias=True)}: output pixel {@code i} is centred at {@code start + (i + 0.5) * s} with
 * {@code s = length / out}, the triangle's half-width is {@code max(s, 1)} input pixels, weights
 * outside the crop are zero and each row is renormalised. When upsampling ({@code s <= 1}) this
 * is exactly {@code interpolate(mode="bilinear", align_corners=False)} of the crop, edge clamping
 * included. The weight matrices are built on the device from four floats per sample; the pixel
 * work is two {@code matMul}s, which beat gather-based bilinear here because they allocate only
 * the two outputs (measured: docs/benchmarks.md).
 */
final class SeparableResampler {

    private SeparableResampler() {}

    /**
     * Resamples every image of {@code images [B, C, H, W]} from its own box to {@code [outH,
     * outW]}.
     *
     * @param scope manager that owns the temporaries
     * @param boxes {@code 4 * B} floats: all tops, then all lefts, heights, widths (pixels)
     */
    static NDArray resample(
            NDManager scope, NDArray images, float[] boxes, int outH, int outW) {
        Shape s = images.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray params = scope.create(boxes, new Shape(4, b, 1, 1));
        NDArray rows = weights(scope, params.get(0), params.get(2), h, outH); // [B, outH, H]
        NDArray cols = weights(scope, params.get(1), params.get(3), w, outW); // [B, outW, W]
        NDArray halfway = images.reshape(b, c * h, w).matMul(cols.transpose(0, 2, 1));
        return rows.expandDims(1).matMul(halfway.reshape(b, c, h, outW));
    }

    /**
     * Builds the {@code [B, out, n]} triangle-filter matrices of one axis.
     *
     * @param start {@code [B, 1, 1]} first pixel of each crop
     * @param length {@code [B, 1, 1]} crop length in pixels (integral, &ge; 1)
     */
    static NDArray weights(NDManager scope, NDArray start, NDArray length, long n, int out) {
        NDArray scale = length.div(out);
        NDArray invSupport = scale.maximum(1f).pow(-1f);
        NDArray centres = scope.arange(0.5f, out, 1f).reshape(1, out, 1).mul(scale).addi(start);
        NDArray pixels = scope.arange(0.5f, (float) n, 1f).reshape(1, 1, n);
        // Triangle filter 1 - |x - centre| / support, cut at 0.
        NDArray weights = pixels.sub(centres).abs().muli(invSupport).negi().addi(1f).maximum(0f);
        // Crop mask: 1 for start <= pixel < start + length, else 0 (pixels sit at j + 0.5).
        NDArray half = length.div(2f);
        NDArray inside =
                pixels.sub(start.add(half)).abs().negi().addi(half).addi(0.5f).clip(0f, 1f);
        weights.muli(inside);
        return weights.divi(weights.sum(new int[] {2}, true));
    }
}
