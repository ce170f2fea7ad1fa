package io.github.djlssl.core.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.mask.MultiBlockMaskConfig.Range;
import io.github.djlssl.core.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * I-JEPA's multi-block masking (Assran et al. 2023, §3; the reference is {@code
 * src/masks/multiblock.py}'s {@code MaskCollator}).
 *
 * <p>Per batch, one target size and one context size are drawn: a scale {@code s} and an aspect
 * {@code r} uniformly from their ranges, {@code A = floor(L s)}, {@code h = round(sqrt(A r))},
 * {@code w = round(sqrt(A / r))} (context aspect 1). Per sample, {@code numTargets} target blocks
 * are placed uniformly (they may overlap each other), then the context block is placed uniformly
 * and every target patch is removed from it; a context left with {@code minKeep} patches or fewer
 * is re-drawn, and after {@link MultiBlockMaskConfig#PLACEMENT_TIMEOUT} failures the last still
 * excluded target stops being excluded (I-JEPA's fallback). Targets have equal counts across the
 * batch by construction; contexts are trimmed to the batch minimum, as I-JEPA does.
 *
 * <p>Differences from the reference code, by choice: scale and aspect are drawn independently (the
 * reference reuses one uniform draw for both, coupling them); positions are uniform over every
 * position where the block fits (the reference's {@code randint(0, H - h)} never touches the last
 * row or column) and a block may span the whole grid (the reference shrinks it to {@code H - 1},
 * which with the off-by-one pins a 13 x 13 context to the top-left corner of a 14 x 14 grid);
 * {@code minKeep} is not applied to targets, whose count is {@code h w} wherever they land (the
 * reference loops forever when {@code h w <= minKeep}), nor to a context with no exclusion left.
 *
 * <p>The placement runs on the host over the {@code L}-patch grid; each index tensor is uploaded
 * in one copy.
 */
public final class MultiBlockMaskGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(MultiBlockMaskGenerator.class);
    private static final Range SQUARE = new Range(1, 1);

    private final MultiBlockMaskConfig config;

    /**
     * Creates the generator.
     *
     * @param config the settings
     */
    public MultiBlockMaskGenerator(MultiBlockMaskConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Creates a generator with I-JEPA's defaults on a square grid.
     *
     * @param gridSize patches per side (I-JEPA: 14)
     * @return the generator
     */
    public static MultiBlockMaskGenerator ijepa(int gridSize) {
        return new MultiBlockMaskGenerator(
                MultiBlockMaskConfig.defaults(PatchGrid.square(gridSize)));
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public MultiBlockMaskConfig config() {
        return config;
    }

    /**
     * Draws a batch of masks.
     *
     * @param manager owner of the returned arrays; its device is used
     * @param batchSize {@code B}, &ge; 1
     * @param rng the source of every random draw (advanced by the call)
     * @return context indices {@code [B, Kc]} and {@code numTargets} target indices {@code [B,
     *     Kt]}
     */
    public MultiBlockMask generate(NDManager manager, int batchSize, Rng rng) {
        MultiBlockLayout layout = sampleLayout(batchSize, rng);
        int keep = layout.contextKeep();
        long[] context = new long[Math.multiplyExact(batchSize, keep)];
        for (int b = 0; b < batchSize; b++) {
            int[] idx = layout.contextIndices().get(b);
            for (int k = 0; k < keep; k++) {
                context[b * keep + k] = idx[k];
            }
        }
        int count = layout.targetCount();
        List<NDArray> targets = new ArrayList<>(config.numTargets());
        for (int t = 0; t < config.numTargets(); t++) {
            long[] flat = new long[Math.multiplyExact(batchSize, count)];
            for (int b = 0; b < batchSize; b++) {
                int[] idx = layout.targets().get(b).get(t).indices(config.grid());
                for (int k = 0; k < count; k++) {
                    flat[b * count + k] = idx[k];
                }
            }
            targets.add(manager.create(flat, new Shape(batchSize, count)));
        }
        NDArray contextArray = manager.create(context, new Shape(batchSize, keep));
        return new MultiBlockMask(config.grid(), contextArray, targets, layout);
    }

    /**
     * Draws a batch's blocks on the host. {@link #generate} uses exactly this, so the same {@link
     * Rng} state gives the same layout.
     *
     * @param batchSize {@code B}, &ge; 1
     * @param rng the source of the draws
     * @return the layout
     */
    public MultiBlockLayout sampleLayout(int batchSize, Rng rng) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        int[] targetSize = sampleBlockSize(config.targetScale(), config.targetAspect(), rng);
        int[] contextSize = sampleBlockSize(config.contextScale(), SQUARE, rng);
        List<List<PatchBlock>> targets = new ArrayList<>(batchSize);
        List<PatchBlock> contexts = new ArrayList<>(batchSize);
        List<int[]> contextIndices = new ArrayList<>(batchSize);
        int keep = Integer.MAX_VALUE;
        int relaxations = 0;
        for (int b = 0; b < batchSize; b++) {
            List<PatchBlock> sampleTargets = new ArrayList<>(config.numTargets());
            for (int t = 0; t < config.numTargets(); t++) {
                sampleTargets.add(place(targetSize, rng));
            }
            int excluded = config.allowOverlap() ? 0 : config.numTargets();
            int timeout = MultiBlockMaskConfig.PLACEMENT_TIMEOUT;
            while (true) {
                PatchBlock context = place(contextSize, rng);
                int[] idx = contextMinus(context, sampleTargets.subList(0, excluded));
                if (idx.length > config.minKeep() || excluded == 0) {
                    contexts.add(context);
                    contextIndices.add(idx);
                    keep = Math.min(keep, idx.length);
                    break;
                }
                if (--timeout == 0) {
                    excluded--;
                    relaxations++;
                    timeout = MultiBlockMaskConfig.PLACEMENT_TIMEOUT;
                    LOG.debug(
                            "no context with more than {} patches; now excluding {} targets",
                            config.minKeep(), excluded);
                }
            }
            targets.add(sampleTargets);
        }
        return new MultiBlockLayout(targets, contexts, contextIndices, keep, relaxations);
    }

    /**
     * Draws a block size as I-JEPA's {@code _sample_block_size}, with independent draws.
     *
     * @return {@code {height, width}}, each in {@code [1, grid side]}
     */
    private int[] sampleBlockSize(Range scale, Range aspect, Rng rng) {
        PatchGrid grid = config.grid();
        double s = rng.uniform(scale.min(), scale.max());
        double r = rng.uniform(aspect.min(), aspect.max());
        int area = (int) (grid.size() * s);
        int h = (int) Math.round(Math.sqrt(area * r));
        int w = (int) Math.round(Math.sqrt(area / r));
        return new int[] {
            Math.max(1, Math.min(h, grid.height())), Math.max(1, Math.min(w, grid.width()))
        };
    }

    private PatchBlock place(int[] size, Rng rng) {
        PatchGrid grid = config.grid();
        int top = rng.nextIntInclusive(0, grid.height() - size[0]);
        int left = rng.nextIntInclusive(0, grid.width() - size[1]);
        return new PatchBlock(top, left, size[0], size[1]);
    }

    /** The context block's patches outside every excluded target, ascending. */
    private int[] contextMinus(PatchBlock context, List<PatchBlock> excluded) {
        PatchGrid grid = config.grid();
        int[] out = new int[context.area()];
        int n = 0;
        for (int r = context.top(); r < context.top() + context.height(); r++) {
            for (int c = context.left(); c < context.left() + context.width(); c++) {
                if (!inAny(excluded, r, c)) {
                    out[n++] = grid.index(r, c);
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean inAny(List<PatchBlock> blocks, int row, int col) {
        for (PatchBlock block : blocks) {
            if (block.contains(row, col)) {
                return true;
            }
        }
        return false;
    }
}
