package io.github.djlssl.core.export;

/**
 * The element types this package reads and writes, spelled as in a safetensors header ({@code
 * "dtype": "F32"}). Everything is little-endian on disk.
 */
public enum SafetensorsDType {

    /** IEEE-754 binary32, {@code torch.float32}. */
    F32(4),
    /** IEEE-754 binary16, {@code torch.float16} (read as floats). */
    F16(2),
    /** bfloat16, the top half of a binary32, {@code torch.bfloat16} (read as floats). */
    BF16(2),
    /** Signed 64-bit integer, {@code torch.int64} (e.g. BatchNorm's {@code num_batches_tracked}). */
    I64(8),
    /** Signed 32-bit integer, {@code torch.int32}. */
    I32(4);

    private final int bytes;

    SafetensorsDType(int bytes) {
        this.bytes = bytes;
    }

    /**
     * Returns the size of one element.
     *
     * @return bytes per element
     */
    public int byteSize() {
        return bytes;
    }

    /**
     * Parses a header's dtype string.
     *
     * @param name e.g. {@code F32}
     * @return the type, or null when this package does not support it (the caller names the tensor)
     */
    static SafetensorsDType parse(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
