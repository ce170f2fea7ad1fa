package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotates the HSV hue of an RGB batch by a per-sample amount, keeping saturation and value — the
 * maths of torchvision's {@code adjust_hue} (RGB to HSV, shift, HSV to RGB) in a form with few
 * full-size temporaries.
 *
 * <p>With {@code V = max}, chroma {@code C = max - min} and the hue in sixths {@code h6} (0 =
 * red, 2 = green, 4 = blue), channel {@code n} of the result is {@code V - C * clamp(min(k, 4 -
 * k), 0, 1)} with {@code k = (h6 + shift6 + n) mod 6} and {@code n = 5, 3, 1} for R, G, B: the
 * standard closed form of HSV to RGB, so no per-sector selects are needed on the way back.
 */
final class HueShift {

    /** Rows give, for the max channel R, G, B: the hue numerators g - b, b - r, r - g. */
    private static final float[] NUMERATORS = {0, 1, -1, -1, 0, 1, 1, -1, 0};

    private static final float[] CHANNEL_OFFSETS = {5, 3, 1};

    private HueShift() {}

    /**
     * Returns the hue-shifted batch.
     *
     * @param rgb {@code [B, 3, H, W]} in [0, 1]
     * @param shift6 {@code [B, 1, 1, 1]}: hue shift in sixths of a turn (torchvision factor * 6)
     * @return a new {@code [B, 3, H, W]} array in [0, 1], in {@code rgb}'s manager
     */
    static NDArray apply(NDManager scope, NDArray rgb, NDArray shift6) {
        Shape s = rgb.getShape();
        long b = s.get(0);
        long hw = s.get(2) * s.get(3);
        NDArray max = rgb.max(new int[] {1}, true);
        NDArray chroma = rgb.min(new int[] {1}, true).negi().addi(max);
        // Hue in sixths: the numerator of the max channel (first max wins, as torchvision's
        // r-then-g-then-b priority) over chroma, plus 2 * channel index.
        NDArray numerators =
                scope.create(NUMERATORS, new Shape(3, 3))
                        .matMul(rgb.reshape(b, 3, hw))
                        .reshape(s);
        NDArray maxChannel = rgb.argMax(1).expandDims(1);
        NDArray hue6 = numerators.gather(maxChannel, 1);
        // chroma == 0 means grey: the numerator is 0 too, and the output is V whatever the hue.
        hue6.divi(chroma.add(1e-12f)).addi(maxChannel.toType(DataType.FLOAT32, false).muli(2f));
        hue6.addi(shift6);
        // k = (h6 + n) mod 6 for n = 5, 3, 1, written into the numerators' buffer.
        NDArray k = numerators.muli(0f).addi(hue6)
                .addi(scope.create(CHANNEL_OFFSETS, new Shape(1, 3, 1, 1)))
                .modi(6f);
        // min(k, 4 - k) = 2 - |k - 2|; |.| in place as sqrt(square).
        NDArray ramp = k.subi(2f).powi(2f).powi(0.5f).negi().addi(2f).clip(0f, 1f);
        return ramp.muli(chroma).negi().addi(max);
    }
}
