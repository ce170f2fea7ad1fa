package io.github.djlssl.core.mask;

import java.util.List;

/**
 * One batch of I-JEPA masks as drawn on the host, with the blocks that made them, so the geometry
 * can be inspected.
 *
 * @param targets per sample, the {@code numTargets} target blocks; all share one size per batch
 * @param contexts per sample, the context block (before the targets are removed)
 * @param contextIndices per sample, the context's patches with the excluded targets removed,
 *     ascending, before trimming (lengths may differ)
 * @param contextKeep the batch minimum of those lengths: every sample keeps its first {@code
 *     contextKeep} context patches
 * @param relaxations how many times a target exclusion was dropped because no placement left
 *     more than {@code minKeep} context patches (0 in normal operation)
 */
public record MultiBlockLayout(
        List<List<PatchBlock>> targets,
        List<PatchBlock> contexts,
        List<int[]> contextIndices,
        int contextKeep,
        int relaxations) {

    /** Copies the lists so the record stays immutable in that respect. */
    public MultiBlockLayout {
        targets = targets.stream().map(List::copyOf).toList();
        contexts = List.copyOf(contexts);
        contextIndices = List.copyOf(contextIndices);
    }

    /**
     * Returns the batch size.
     *
     * @return {@code B}
     */
    public int batchSize() {
        return contexts.size();
    }

    /**
     * Returns the patches in one target block (equal for every block of the batch).
     *
     * @return {@code Kt = height * width} of the batch's target size
     */
    public int targetCount() {
        return targets.get(0).get(0).area();
    }
}
