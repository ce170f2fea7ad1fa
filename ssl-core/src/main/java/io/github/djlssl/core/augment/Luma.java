package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * ITU-R BT.601 luma, {@code Y = 0.299 R + 0.587 G + 0.114 B}, the grey level that grayscale,
 * contrast and saturation are defined against (PIL's {@code convert("L")}; torchvision's tensor
 * path uses 0.2989 for R).
 */
final class Luma {

    static final float R = 0.299f;
    static final float G = 0.587f;
    static final float B = 0.114f;

    private Luma() {}

    /**
     * Returns the luma image {@code [B, 1, H, W]} of an RGB batch {@code [B, 3, H, W]}, as one
     * matrix product over the channel axis (no full-size temporaries).
     */
    static NDArray of(NDManager scope, NDArray rgb) {
        Shape s = rgb.getShape();
        NDArray weights = scope.create(new float[] {R, G, B}, new Shape(1, 3));
        return weights.matMul(rgb.reshape(s.get(0), 3, s.get(2) * s.get(3)))
                .reshape(s.get(0), 1, s.get(2), s.get(3));
    }

    /** Returns the per-image mean luma {@code [B, 1, 1, 1]} of an RGB or 1-channel batch. */
    static NDArray meanOf(NDManager scope, NDArray images) {
        Shape s = images.getShape();
        long b = s.get(0);
        long c = s.get(1);
        NDArray channelMeans = images.reshape(b, c, s.get(2) * s.get(3)).mean(new int[] {2});
        if (c == 1) {
            return channelMeans.reshape(b, 1, 1, 1);
        }
        NDArray weights = scope.create(new float[] {R, G, B}, new Shape(3, 1));
        return channelMeans.matMul(weights).reshape(b, 1, 1, 1);
    }
}
