package io.github.djlssl.hybrid.ijepa;

import io.github.djlssl.core.mask.MultiBlockMaskConfig;
import io.github.djlssl.core.mask.MultiBlockMaskConfig.Range;
import io.github.djlssl.core.mask.PatchGrid;
import io.github.djlssl.core.teacher.MomentumSchedule;

/**
 * I-JEPA settings with the defaults of the paper (Assran et al., "Self-Supervised Learning from
 * Images with a Joint-Embedding Predictive Architecture", CVPR 2023) and of its reference
 * configuration {@code configs/in1k_vith14_ep300.yaml} (facebookresearch/ijepa).
 *
 * <p>The paper's optimiser recipe (§4, Appendix A.1; not part of this record, set it on the
 * trainer): AdamW, learning rate warmed up linearly from 2e-4 to 1e-3 over the first 40 of 300
 * epochs then cosine-decayed to 1e-6, weight decay cosine 0.04 → 0.4, batch 2048, no gradient
 * clipping, bf16. For CPU-sized runs {@code --optimizer adamw} (1e-3 × B/256, wd 0.05) works.
 *
 * <p>Small images: the mask fractions are resolution-free, so the paper's values are kept. On 28
 * px Fashion-MNIST with patch 4 (a 7 × 7 grid, L = 49) they give 2 × 3 … 3 × 3 target blocks (7–9
 * patches) and a 6 × 6 or 7 × 7 context, and the paper's {@code minKeep} 10 still leaves room;
 * grids of 4 × 4 or smaller need a smaller {@code minKeep} ({@link #withMinKeep}). The predictor
 * of the paper (depth 12, width 384) is sized for ViT-H/14; {@link #smallImages()} shrinks it for
 * ViT-Tiny-sized encoders on CPU.
 *
 * @param predictorDepth transformer blocks of the predictor: 12 (ViT-H/14 config, §4 and Appendix
 *     C "predictor depth")
 * @param predictorWidth token width of the predictor: 384 (ViT-H/14 config); must be divisible by
 *     4 (sin-cos positions) and by the head count
 * @param predictorHeads attention heads of the predictor; 0 = the encoder's head count, as the
 *     reference code's {@code init_model} does
 * @param numTargets target blocks per image M: 4 (§3 "Targets")
 * @param targetScaleMin smallest target block area as a fraction of the image: 0.15 (§3)
 * @param targetScaleMax largest target block area fraction: 0.2 (§3)
 * @param targetAspectMin smallest target block height/width: 0.75 (§3)
 * @param targetAspectMax largest target block height/width: 1.5 (§3)
 * @param contextScaleMin smallest context block area fraction (aspect 1): 0.85 (§3 "Context")
 * @param contextScaleMax largest context block area fraction: 1.0 (§3)
 * @param minKeep a context keeps more than this many patches after the target patches are removed:
 *     10 (reference config {@code min_keep})
 * @param allowOverlap whether the context may contain target patches: false (§3; Appendix C)
 * @param momentumStart EMA momentum of the target encoder at step 0: 0.996 (Appendix A.1)
 * @param momentumEnd EMA momentum at the last step: 1.0 (Appendix A.1); the ramp between is
 *     linear, as the reference {@code src/train.py}'s {@code momentum_scheduler}
 * @param loss the distance between predicted and target patch representations: {@link
 *     IJepaLoss.Kind#L2}, the paper's Eq. 1; the reference code uses {@link
 *     IJepaLoss.Kind#SMOOTH_L1}
 * @param cropScaleMin smallest area fraction of the random resized crop: 0.3 (reference config
 *     {@code crop_scale: [0.3, 1.0]}; no other augmentation — the paper's point, §1)
 * @param horizontalFlip whether views are flipped with p = 0.5: false (reference config {@code
 *     use_horizontal_flip: false})
 */
public record IJepaConfig(
        int predictorDepth,
        int predictorWidth,
        int predictorHeads,
        int numTargets,
        double targetScaleMin,
        double targetScaleMax,
        double targetAspectMin,
        double targetAspectMax,
        double contextScaleMin,
        double contextScaleMax,
        int minKeep,
        boolean allowOverlap,
        double momentumStart,
        double momentumEnd,
        IJepaLoss.Kind loss,
        double cropScaleMin,
        boolean horizontalFlip) {

    /** Validates every field and names the bad one. */
    public IJepaConfig {
        atLeast("predictorDepth", predictorDepth, 1);
        atLeast("predictorWidth", predictorWidth, 4);
        if (predictorWidth % 4 != 0) {
            throw new IllegalArgumentException(
                    "predictorWidth must be divisible by 4 (2-D sin-cos positions), got " + predictorWidth);
        }
        atLeast("predictorHeads", predictorHeads, 0);
        if (predictorHeads > 0 && predictorWidth % predictorHeads != 0) {
            throw new IllegalArgumentException("predictorWidth " + predictorWidth
                    + " is not divisible by predictorHeads " + predictorHeads);
        }
        atLeast("numTargets", numTargets, 1);
        range("targetScale", targetScaleMin, targetScaleMax);
        range("contextScale", contextScaleMin, contextScaleMax);
        if (!(targetAspectMin > 0 && targetAspectMax >= targetAspectMin
                && Double.isFinite(targetAspectMax))) {
            throw new IllegalArgumentException("targetAspect must satisfy 0 < min <= max < inf, got ["
                    + targetAspectMin + ", " + targetAspectMax + "]");
        }
        atLeast("minKeep", minKeep, 0);
        if (!(momentumStart >= 0 && momentumStart <= 1)) {
            throw new IllegalArgumentException("momentumStart must be in [0, 1], got " + momentumStart);
        }
        if (!(momentumEnd >= 0 && momentumEnd <= 1)) {
            throw new IllegalArgumentException("momentumEnd must be in [0, 1], got " + momentumEnd);
        }
        if (loss == null) {
            throw new IllegalArgumentException("loss must be L2 or SMOOTH_L1, got null");
        }
        if (!(cropScaleMin > 0 && cropScaleMin <= 1)) {
            throw new IllegalArgumentException("cropScaleMin must be in (0, 1], got " + cropScaleMin);
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    private static void range(String name, double min, double max) {
        if (!(min > 0 && max >= min && max <= 1)) {
            throw new IllegalArgumentException(
                    name + " must satisfy 0 < min <= max <= 1, got [" + min + ", " + max + "]");
        }
    }

    /**
     * Returns the paper's defaults (ViT-H/14 on ImageNet-1k).
     *
     * @return predictor 12 × 384, 4 targets of scale (0.15, 0.2) and aspect (0.75, 1.5), context
     *     (0.85, 1.0), minKeep 10, EMA 0.996 → 1, L2 loss, crop (0.3, 1), no flip
     */
    public static IJepaConfig defaults() {
        return new IJepaConfig(12, 384, 0, 4, 0.15, 0.2, 0.75, 1.5, 0.85, 1.0, 10, false,
                0.996, 1.0, IJepaLoss.Kind.L2, 0.3, false);
    }

    /**
     * Returns the paper's settings with a predictor sized for ViT-Tiny on small images (28–32 px,
     * patch 4): depth 4, width 96 (half the encoder's 192; the paper's ratio is 384/1280). Our
     * choice for CPU runs, not a setting from the paper.
     *
     * @return {@link #defaults()} with a 4 × 96 predictor
     */
    public static IJepaConfig smallImages() {
        return defaults().withPredictor(4, 96, 0);
    }

    /**
     * Returns a copy with another predictor shape.
     *
     * @param depth transformer blocks
     * @param width token width, divisible by 4 and by the head count
     * @param heads attention heads, or 0 for the encoder's
     * @return the copy
     */
    public IJepaConfig withPredictor(int depth, int width, int heads) {
        return new IJepaConfig(depth, width, heads, numTargets, targetScaleMin, targetScaleMax,
                targetAspectMin, targetAspectMax, contextScaleMin, contextScaleMax, minKeep,
                allowOverlap, momentumStart, momentumEnd, loss, cropScaleMin, horizontalFlip);
    }

    /**
     * Returns a copy with another {@code minKeep}, e.g. smaller for grids of 4 × 4 or less.
     *
     * @param value the minimum context size (exclusive)
     * @return the copy
     */
    public IJepaConfig withMinKeep(int value) {
        return new IJepaConfig(predictorDepth, predictorWidth, predictorHeads, numTargets,
                targetScaleMin, targetScaleMax, targetAspectMin, targetAspectMax, contextScaleMin,
                contextScaleMax, value, allowOverlap, momentumStart, momentumEnd, loss,
                cropScaleMin, horizontalFlip);
    }

    /**
     * Returns a copy with another loss.
     *
     * @param value L2 (paper) or SMOOTH_L1 (reference code)
     * @return the copy
     */
    public IJepaConfig withLoss(IJepaLoss.Kind value) {
        return new IJepaConfig(predictorDepth, predictorWidth, predictorHeads, numTargets,
                targetScaleMin, targetScaleMax, targetAspectMin, targetAspectMax, contextScaleMin,
                contextScaleMax, minKeep, allowOverlap, momentumStart, momentumEnd, value,
                cropScaleMin, horizontalFlip);
    }

    /**
     * Returns the multi-block mask settings for an encoder's patch grid.
     *
     * @param grid the encoder's grid
     * @return the mask config
     * @throws IllegalArgumentException if {@code minKeep} does not fit the grid
     */
    public MultiBlockMaskConfig maskConfig(PatchGrid grid) {
        if (minKeep >= grid.size()) {
            throw new IllegalArgumentException("minKeep " + minKeep + " must be smaller than the "
                    + grid.size() + " patches of the encoder's grid; lower it (--set minKeep=N)");
        }
        return new MultiBlockMaskConfig(grid, numTargets, new Range(targetScaleMin, targetScaleMax),
                new Range(targetAspectMin, targetAspectMax),
                new Range(contextScaleMin, contextScaleMax), minKeep, allowOverlap);
    }

    /**
     * Returns the target encoder's EMA momentum used after a step: the reference code's linear
     * ramp {@code m_k = start + k (end - start) / N} for {@code k = 0 … N}, N the run's steps
     * ({@code src/train.py}, {@code momentum_scheduler} with {@code ipe_scale = 1}).
     *
     * @param step the 0-based global step that just finished
     * @param totalSteps the run's optimiser steps N, &ge; 1
     * @return m in [momentumStart, momentumEnd]
     */
    public double momentumAt(long step, long totalSteps) {
        return MomentumSchedule.linear(momentumStart, momentumEnd).valueAt(step, totalSteps);
    }
}
