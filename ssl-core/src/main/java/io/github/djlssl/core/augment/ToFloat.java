package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.github.djlssl.core.random.Rng;

/**
 * Converts a uint8 batch {@code [B, C, H, W]} in 0..255 to float32 in [0, 1] (torchvision {@code
 * ToTensor}/{@code ToDtype(scale=True)} on a batch). A float32 batch is returned as a copy,
 * unchanged, so pipelines may start with this op whatever the source yields.
 */
public final class ToFloat implements BatchAugmentation {

    private static final ToFloat INSTANCE = new ToFloat();

    private ToFloat() {}

    /**
     * Returns the op.
     *
     * @return the shared instance (the op has no configuration)
     */
    public static ToFloat create() {
        return INSTANCE;
    }

    @Override
    public NDArray apply(NDArray images, Rng rng) {
        if (images.getShape().dimension() != 4) {
            throw new IllegalArgumentException(
                    "ToFloat expects images [B, C, H, W], got shape " + images.getShape());
        }
        DataType type = images.getDataType();
        if (type == DataType.FLOAT32) {
            return images.duplicate();
        }
        if (type != DataType.UINT8) {
            throw new IllegalArgumentException("ToFloat expects uint8 or float32, got " + type);
        }
        return images.toType(DataType.FLOAT32, false).divi(255f);
    }

    @Override
    public NDArray applyConsuming(NDArray owned, Rng rng) {
        if (owned.getDataType() == DataType.FLOAT32 && owned.getShape().dimension() == 4) {
            return owned;
        }
        return BatchAugmentation.super.applyConsuming(owned, rng);
    }

    @Override
    public String toString() {
        return "ToFloat";
    }
}
