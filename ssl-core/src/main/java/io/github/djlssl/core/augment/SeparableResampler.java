package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Per-sample crop-and-resize of a batch as two batched matrix products, {@code Y_b = R_b X_b
 * C_b^T}, where the row matrix {@code R_b [out, H]} and the column matrix {@code C_b [out, W]}
 * hold the bilinear (triangle-filter) weights of sample {@code b}'s crop box.
 *
 * <p>The filter is the antialiased bilinear of PIL and of torchvision's {@code resize(...,
 * antialias=True)}: output pixel {@code i} is centred at {@code start + (i + 0.5) * s} with
 * {@code s = length / out}, the triangle's half-width is {@code max(s, 1)} input pixels, taps
 * outside the crop are dropped and each row is renormalised. When upsampling ({@code s <= 1}) this
 * is exactly {@code interpolate(mode="bilinear", align_corners=False)} of the crop, edge clamping
 * included.
 *
 * <p>Only the non-zero band of each matrix row ({@code K} taps: 2 when upsampling) is computed
 * on the host from the four box numbers and uploaded, in one copy of {@code 2 * B * out * (K_rows
 * + K_cols)} floats; the dense matrices are scattered on the device and the pixel work is two {@code
 * matMul}s, which allocate nothing but their outputs. Measured on CPU this beats both a gather
 * formulation (four full-size gathers) and building the weights with elementwise device ops.
 */
final class SeparableResampler {

    private SeparableResampler() {}

    /**
     * Resamples every image of {@code images [B, C, H, W]} from its own box to {@code [out,
     * out]}.
     *
     * @param scope manager that owns the temporaries
     * @param boxes {@code 4 * B} numbers: all tops, then all lefts, heights, widths (pixels)
     * @param mirrored per sample, whether to mirror the output left-right (folded into the
     *     column weights at no cost), or null for none
     * @param out output side
     * @return {@code [B, C, out, out]} in {@code images}' manager
     */
    static NDArray resample(
            NDManager scope, NDArray images, float[] boxes, boolean[] mirrored, int out) {
        Shape s = images.getShape();
        int b = (int) s.get(0);
        long c = s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        int rowTaps = taps(boxes, 2 * b, b, out, h);
        int colTaps = taps(boxes, 3 * b, b, out, w);
        // One upload: [row indices, row weights, column indices, column weights], each
        // [B, out, taps] with the axis' own tap count (never more than the axis length, so
        // the indices within a row stay distinct).
        int rowPlane = b * out * rowTaps;
        int colPlane = b * out * colTaps;
        float[] band = new float[2 * rowPlane + 2 * colPlane];
        fillBand(boxes, 0, 2 * b, null, b, out, h, rowTaps, band, 0, rowPlane);
        fillBand(boxes, b, 3 * b, mirrored, b, out, w, colTaps, band, 2 * rowPlane,
                2 * rowPlane + colPlane);
        NDArray bands = scope.create(band, new Shape(band.length));
        Shape rowShape = new Shape(b, out, rowTaps);
        Shape colShape = new Shape(b, out, colTaps);
        NDArray rowIndex = part(bands, 0, rowPlane, rowShape).toType(DataType.INT64, false);
        NDArray rowWeight = part(bands, rowPlane, rowPlane, rowShape);
        NDArray colIndex =
                part(bands, 2 * rowPlane, colPlane, colShape).toType(DataType.INT64, false);
        NDArray colWeight = part(bands, 2 * rowPlane + colPlane, colPlane, colShape);
        NDArray rows = scope.zeros(new Shape(b, out, h)).scatter(rowIndex, rowWeight, 2);
        NDArray cols = scope.zeros(new Shape(b, out, w)).scatter(colIndex, colWeight, 2);
        NDArray halfway = images.reshape(b, c * h, w).matMul(cols.transpose(0, 2, 1));
        NDArray result = rows.expandDims(1).matMul(halfway.reshape(b, c, h, out));
        halfway.close();
        return result;
    }

    private static NDArray part(NDArray bands, long at, long length, Shape shape) {
        return bands.get(new NDIndex().addSliceDim(at, at + length)).reshape(shape);
    }

    /** Taps needed on one axis: an open interval of 2 * max(scale, 1) pixels holds at most
     * ceil of that many pixel centres; one spare keeps the bound safe at exact ties. */
    private static int taps(float[] boxes, int lengthAt, int b, int out, int n) {
        double maxScale = 0;
        for (int i = 0; i < b; i++) {
            maxScale = Math.max(maxScale, boxes[lengthAt + i] / out);
        }
        return Math.min(n, (int) Math.ceil(2 * Math.max(maxScale, 1.0)) + 1);
    }

    /**
     * Writes, for every (sample, output pixel), the indices and normalised weights of its taps.
     * Unused taps get weight 0 and an index outside the band, distinct within the row, so the
     * scatter never writes one position twice.
     */
    private static void fillBand(float[] boxes, int startAt, int lengthAt, boolean[] mirrored,
            int b, int out, int n,
            int taps, float[] band, int indexBase, int weightBase) {
        double[] weights = new double[taps];
        for (int sample = 0; sample < b; sample++) {
            double start = boxes[startAt + sample];
            double length = boxes[lengthAt + sample];
            double scale = length / out;
            double support = Math.max(scale, 1.0);
            int cropEnd = (int) (start + length);
            for (int i = 0; i < out; i++) {
                // A mirrored output pixel i takes the source position of pixel out - 1 - i.
                int source = mirrored != null && mirrored[sample] ? out - 1 - i : i;
                double centre = start + (source + 0.5) * scale;
                // Non-zero taps: pixels j with |j + 0.5 - centre| < support, inside the crop.
                int first = Math.max((int) start, (int) Math.ceil(centre - support - 0.5));
                int last = Math.min(cropEnd - 1, (int) Math.floor(centre + support - 0.5));
                int used = Math.min(taps, last - first + 1);
                double sum = 0;
                for (int t = 0; t < used; t++) {
                    double d = Math.abs(first + t + 0.5 - centre) / support;
                    weights[t] = Math.max(0.0, 1.0 - d);
                    sum += weights[t];
                }
                int row = ((sample * out) + i) * taps;
                for (int t = 0; t < taps; t++) {
                    boolean real = t < used;
                    // Padding taps continue past the band (mod n): distinct, weight 0.
                    band[indexBase + row + t] = real ? first + t : (first + t) % n;
                    band[weightBase + row + t] = real ? (float) (weights[t] / sum) : 0f;
                }
            }
        }
    }
}
