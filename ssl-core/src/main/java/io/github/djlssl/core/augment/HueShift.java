package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;

/**
 * Rotates the HSV hue of an RGB batch by a per-sample amount, keeping saturation and value — the
 * maths of torchvision's {@code adjust_hue} (RGB to HSV, shift, HSV to RGB), in a form built from
 * cheap elementwise ops.
 *
 * <p>With {@code V = max}, {@code m = min}, chroma {@code C = V - m} and the hue in sixths of a
 * turn {@code h6} (0 = red, 2 = green, 4 = blue; torchvision's priority R, then G, then B when
 * channels tie), the shifted hue is {@code k = (h6 + shift6) mod 6} and the result is {@code m +
 * C * rgb(k)} with the pure-hue ramps {@code R = clamp(|k - 3| - 1)}, {@code G = clamp(2 - |k -
 * 2|)}, {@code B = clamp(2 - |k - 4|)}, clamped to [0, 1] — the closed form of HSV to RGB.
 *
 * <p>Why not argmax/max over the channel axis: on CPU those reductions over a strided axis cost
 * 10-100x an elementwise op; three channel slices and {@code maximum}/{@code where} do the same.
 */
final class HueShift {

    private static final NDIndex RED = channel(0);
    private static final NDIndex GREEN = channel(1);
    private static final NDIndex BLUE = channel(2);

    /** Per channel: ramp = clamp(slope * |k - centre| + offset, 0, 1). */
    private static final float[] RAMPS = {3, 2, 4, 1, -1, -1, -1, 2, 2};

    private HueShift() {}

    private static NDIndex channel(int c) {
        return new NDIndex().addAllDim().addSliceDim(c, c + 1L);
    }

    /**
     * Returns the hue-shifted batch.
     *
     * @param rgb {@code [B, 3, H, W]} in [0, 1]
     * @param shift6 {@code [B, 1, 1, 1]}: hue shift in sixths of a turn (torchvision factor * 6)
     * @return a new {@code [B, 3, H, W]} array in [0, 1], in {@code rgb}'s manager
     */
    static NDArray apply(NDManager scope, NDArray rgb, NDArray shift6) {
        // Temporaries are closed as soon as they are used: the working set then stays in cache
        // and the allocator hands the same blocks back (large fresh buffers are costly on CPU).
        NDArray r = rgb.get(RED);
        NDArray g = rgb.get(GREEN);
        NDArray b = rgb.get(BLUE);
        NDArray max = closing(r.maximum(g), m -> m.maximum(b));
        NDArray min = closing(r.minimum(g), m -> m.minimum(b));
        // Grey pixels (chroma 0) have numerator 0, so any finite hue works and the output is
        // min + 1e-12 * ramp = V: a tiny offset replaces torchvision's divide-by-zero guard.
        NDArray chroma = max.sub(min).addi(1e-12f);
        // Hue numerators, in units of chroma, for a max in R, G or B. R wins ties, then G: the
        // outer where overrides the inner one wherever R is a max.
        NDArray fromGreen = chroma.mul(2f).addi(b).subi(r);
        NDArray fromBlue = chroma.mul(4f).addi(r).subi(g);
        NDArray greenIsMax = g.gte(max);
        NDArray notRed = NDArrays.where(greenIsMax, fromGreen, fromBlue);
        closeAll(greenIsMax, fromGreen, fromBlue);
        NDArray redIsMax = r.gte(max);
        max.close();
        NDArray fromRed = g.sub(b);
        NDArray hue6 = NDArrays.where(redIsMax, fromRed, notRed);
        closeAll(redIsMax, fromRed, notRed);
        hue6.divi(chroma).addi(shift6).modi(6f);
        NDArray ramps = scope.create(RAMPS, new Shape(3, 1, 3, 1, 1));
        NDArray distance = closing(hue6.sub(ramps.get(0)), NDArray::abs);
        hue6.close();
        NDArray pure = closing(distance.muli(ramps.get(1)).addi(ramps.get(2)),
                d -> d.clip(0f, 1f));
        NDArray out = pure.muli(chroma).addi(min);
        closeAll(chroma, min, r, g, b);
        return out;
    }

    /** Applies {@code next} to {@code first} and closes {@code first}. */
    private static NDArray closing(NDArray first, Function<NDArray, NDArray> next) {
        NDArray out = next.apply(first);
        first.close();
        return out;
    }

    private static void closeAll(NDArray... arrays) {
        for (NDArray a : arrays) {
            a.close();
        }
    }
}
