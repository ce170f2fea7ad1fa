package io.github.djlssl.core.augment;

import java.util.Objects;

/**
 * One view a method trains on: a name for logs (e.g. {@code global1}, {@code local3}), the side
 * of the square batch the pipeline produces, and the pipeline itself (applied to float32 images in
 * [0, 1]).
 *
 * @param name non-blank label
 * @param size output side in pixels; the pipeline must produce {@code [B, C, size, size]}
 * @param pipeline the augmentation of this view
 */
public record ViewSpec(String name, int size, BatchAugmentation pipeline) {

    /** Validates the spec. */
    public ViewSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be non-blank, got '" + name + "'");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size must be > 0, got " + size);
        }
        Objects.requireNonNull(pipeline, "pipeline");
    }
}
