package io.github.djlssl.core.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a safetensors file: element type, shape and the raw little-endian bytes, row-major
 * (C order) like PyTorch's contiguous tensors. Immutable: accessors return copies.
 */
public final class SafetensorsTensor {

    private final SafetensorsDType dtype;
    private final long[] shape;
    private final byte[] data;

    private SafetensorsTensor(SafetensorsDType dtype, long[] shape, byte[] data) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null");
        }
        long expected = byteSize(dtype, shape);
        if (expected != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " of " + dtype + " needs " + expected
                            + " bytes, got " + data.length);
        }
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /**
     * Wraps raw bytes.
     *
     * @param dtype the element type
     * @param shape the dimensions, each >= 0 (empty = scalar)
     * @param data {@code product(shape) · dtype.byteSize()} little-endian bytes (copied)
     * @return the tensor
     * @throws IllegalArgumentException when the byte count does not match the shape
     */
    public static SafetensorsTensor of(SafetensorsDType dtype, long[] shape, byte[] data) {
        return new SafetensorsTensor(dtype, shape.clone(), data.clone());
    }

    /** Wraps bytes the caller hands over (no copy): the reader and the factories. */
    static SafetensorsTensor adopt(SafetensorsDType dtype, long[] shape, byte[] data) {
        return new SafetensorsTensor(dtype, shape, data);
    }

    /**
     * Creates an F32 tensor.
     *
     * @param shape the dimensions
     * @param values row-major values, {@code product(shape)} of them
     * @return the tensor
     */
    public static SafetensorsTensor ofFloats(long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return adopt(SafetensorsDType.F32, shape.clone(), b.array());
    }

    /**
     * Creates an I64 tensor.
     *
     * @param shape the dimensions ({@code new long[0]} for a scalar)
     * @param values row-major values
     * @return the tensor
     */
    public static SafetensorsTensor ofLongs(long[] shape, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return adopt(SafetensorsDType.I64, shape.clone(), b.array());
    }

    /**
     * Returns the byte size of a tensor, rejecting negative dimensions and overflow.
     *
     * @param dtype the element type
     * @param shape the dimensions
     * @return {@code product(shape) · dtype.byteSize()}
     * @throws IllegalArgumentException on a negative dimension or a size beyond {@code Long.MAX_VALUE}
     */
    static long byteSize(SafetensorsDType dtype, long[] shape) {
        long n = dtype.byteSize();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " overflows", e);
            }
        }
        return n;
    }

    /**
     * Returns the element type.
     *
     * @return the dtype
     */
    public SafetensorsDType dtype() {
        return dtype;
    }

    /**
     * Returns the shape.
     *
     * @return a copy of the dimensions
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Returns the number of elements.
     *
     * @return {@code product(shape)}
     */
    public long elementCount() {
        return data.length / dtype.byteSize();
    }

    /**
     * Returns the number of data bytes.
     *
     * @return {@code elementCount() · dtype.byteSize()}
     */
    public int byteCount() {
        return data.length;
    }

    /**
     * Returns the raw little-endian bytes.
     *
     * @return a copy
     */
    public byte[] bytes() {
        return data.clone();
    }

    /** The raw bytes without a copy, for the writer. */
    byte[] rawBytes() {
        return data;
    }

    /**
     * Decodes floating-point data to floats (F16 and BF16 are widened exactly).
     *
     * @return row-major values
     * @throws IllegalStateException for integer tensors
     */
    public float[] floats() {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) elementCount()];
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(b.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException(dtype + " tensor is not floating point");
        }
        return out;
    }

    /**
     * Decodes integer data to longs.
     *
     * @return row-major values
     * @throws IllegalStateException for floating-point tensors
     */
    public long[] longs() {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[(int) elementCount()];
        switch (dtype) {
            case I64 -> b.asLongBuffer().get(out);
            case I32 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getInt(4 * i);
                }
            }
            default -> throw new IllegalStateException(dtype + " tensor is not an integer tensor");
        }
        return out;
    }

    /**
     * Widens an IEEE-754 binary16 value (Java 17 has no {@code Float.float16ToFloat}).
     *
     * @param h the 16 bits
     * @return the exact float value
     */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) { // inf / NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero / subnormal: mantissa · 2^-24
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsTensor t
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
