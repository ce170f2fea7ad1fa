package io.github.djlssl.core.mask;

import java.util.Objects;

/**
 * Settings of I-JEPA's multi-block masking (Assran et al. 2023, "Self-Supervised Learning from
 * Images with a Joint-Embedding Predictive Architecture", §3 "Targets" and "Context"; defaults of
 * its ImageNet configs and {@code src/masks/multiblock.py}).
 *
 * @param grid the model's patch grid (I-JEPA: 14 x 14 for ViT-H/16 at 224 px)
 * @param numTargets target blocks per image; I-JEPA: 4
 * @param targetScale target block area as a fraction of {@code L}; I-JEPA: (0.15, 0.2)
 * @param targetAspect target block height/width; I-JEPA: (0.75, 1.5)
 * @param contextScale context block area as a fraction of {@code L}, aspect 1; I-JEPA: (0.85, 1.0)
 * @param minKeep a context must keep more than this many patches after the targets are removed,
 *     else it is re-drawn (and, after {@link #PLACEMENT_TIMEOUT} failures, one target stops being
 *     excluded, as in I-JEPA); I-JEPA: 10
 * @param allowOverlap whether the context may include target patches; I-JEPA: false
 */
public record MultiBlockMaskConfig(
        PatchGrid grid,
        int numTargets,
        Range targetScale,
        Range targetAspect,
        Range contextScale,
        int minKeep,
        boolean allowOverlap) {

    /** Context placements tried before one target exclusion is dropped (I-JEPA's timeout). */
    public static final int PLACEMENT_TIMEOUT = 20;

    /**
     * A closed interval {@code [min, max]} a value is drawn from uniformly.
     *
     * @param min lower end, &gt; 0
     * @param max upper end, &ge; min
     */
    public record Range(double min, double max) {

        /** Validates the ends. */
        public Range {
            if (!(min > 0 && max >= min && Double.isFinite(max))) {
                throw new IllegalArgumentException(
                        "range must have 0 < min <= max < inf, got [" + min + ", " + max + "]");
            }
        }

        /**
         * Tells whether a value lies in the range.
         *
         * @param value the value
         * @return true if {@code min <= value <= max}
         */
        public boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    /** Validates the settings. */
    public MultiBlockMaskConfig {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(targetScale, "targetScale");
        Objects.requireNonNull(targetAspect, "targetAspect");
        Objects.requireNonNull(contextScale, "contextScale");
        if (numTargets < 1) {
            throw new IllegalArgumentException("numTargets must be >= 1, got " + numTargets);
        }
        if (targetScale.max() > 1) {
            throw new IllegalArgumentException(
                    "targetScale must lie in (0, 1], got " + targetScale);
        }
        if (contextScale.max() > 1) {
            throw new IllegalArgumentException(
                    "contextScale must lie in (0, 1], got " + contextScale);
        }
        if (minKeep < 0 || minKeep >= grid.size()) {
            throw new IllegalArgumentException(
                    "minKeep must be in [0, " + grid.size() + "), got " + minKeep);
        }
    }

    /**
     * Returns I-JEPA's defaults for a grid.
     *
     * @param grid the model's patch grid
     * @return 4 targets of scale (0.15, 0.2) and aspect (0.75, 1.5), context scale (0.85, 1.0),
     *     minKeep 10, no overlap
     */
    public static MultiBlockMaskConfig defaults(PatchGrid grid) {
        return new MultiBlockMaskConfig(
                grid,
                4,
                new Range(0.15, 0.2),
                new Range(0.75, 1.5),
                new Range(0.85, 1.0),
                10,
                false);
    }

    /**
     * Returns a copy with another {@code minKeep}, e.g. smaller for a small grid.
     *
     * @param keep the new minimum
     * @return the new settings
     */
    public MultiBlockMaskConfig withMinKeep(int keep) {
        return new MultiBlockMaskConfig(
                grid, numTargets, targetScale, targetAspect, contextScale, keep, allowOverlap);
    }
}
