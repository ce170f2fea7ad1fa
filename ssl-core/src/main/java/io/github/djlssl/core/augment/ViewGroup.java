package io.github.djlssl.core.augment;

import java.util.List;

/**
 * The views of a {@link MultiView} that share one resolution, so a multi-crop method can run one
 * forward pass per resolution on their concatenation (DINO's {@code MultiCropWrapper}).
 *
 * @param size the common side in pixels
 * @param viewIndices indices into {@link MultiView#views()}, ascending
 */
public record ViewGroup(int size, List<Integer> viewIndices) {

    /** Validates and freezes the group. */
    public ViewGroup {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be > 0, got " + size);
        }
        if (viewIndices == null || viewIndices.isEmpty()) {
            throw new IllegalArgumentException("viewIndices must be non-empty");
        }
        viewIndices = List.copyOf(viewIndices);
    }
}
