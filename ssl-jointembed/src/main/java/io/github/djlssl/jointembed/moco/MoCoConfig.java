package io.github.djlssl.jointembed.moco;

/**
 * MoCo settings with the papers' defaults: {@link #v2()} (Chen, Fan, Girshick, He 2020, "Improved
 * Baselines with Momentum Contrastive Learning") and {@link #v3()} (Chen, Xie, He 2021, "An
 * Empirical Study of Training Self-Supervised Vision Transformers").
 *
 * <p>Optimiser recipes of the papers (a trainer concern, not part of this record): v2 — SGD, lr
 * 0.03 × B/256, momentum 0.9, wd 1e-4, cosine, 200–800 epochs; v3 — ResNet: LARS, lr 0.3 × B/256
 * (0.6 for 100 epochs), wd 1.5e-6; ViT: AdamW, lr 1.5e-4 × B/256, wd 0.1, 40 warm-up epochs, and
 * the patch projection frozen at its random init (§4.2, not applied here).
 *
 * @param version which MoCo: {@link Version#V2} (queue of negatives) or {@link Version#V3}
 *     (in-batch negatives, predictor, symmetric loss)
 * @param temperature τ of the contrastive loss: 0.2 in both papers (v2 §2; v3 Appendix: "τ = 0.2"
 *     for ViT, 1.0 in the official code's ResNet default)
 * @param queueSize K, the number of negative keys in the queue (v2 only): 65,536 on ImageNet (MoCo
 *     v1 §4.1); size it down to a few thousand for small data, where a huge queue would hold
 *     random initial keys for most of training. Ignored by v3
 * @param momentum the key/momentum encoder's EMA momentum m at step 0: 0.999 for v2 (v1 §3.2), 0.99
 *     for v3 (Appendix, "m = 0.99 … increased to 1 with a cosine schedule")
 * @param momentumDecay whether m stays {@link MomentumDecay#FIXED} (v2) or rises to 1 on a {@link
 *     MomentumDecay#COSINE} schedule over the run (v3)
 * @param projectionDim output width of the projector: 128 (v2 §2), 256 (v3 §4)
 * @param hiddenDim hidden width of the projector; 0 means "the encoder's feature width" (v2's
 *     2048-wide head on ResNet-50); 4096 for v3
 * @param projectionLayers number of Linear layers of the projector: 2 for v2; for v3 3 on a ViT and
 *     2 on a ResNet (the official code's {@code MoCo_ViT} / {@code MoCo_ResNet}); 0 picks that
 *     per encoder type
 * @param predictorHiddenDim hidden width of v3's 2-layer predictor ({@code 256 → 4096 → 256});
 *     ignored by v2, which has no predictor
 * @param projectionBatchNorm v2 only: BatchNorm after the projector's hidden Linear. False in the
 *     paper; solo-learn's "MoCo v2+" adds it. On short runs it matters: without it the head's
 *     output is dominated by the component shared by all images (ReLU features are non-negative),
 *     every key looks alike and the queue loss climbs to ln(K + 1) (docs/benchmarks.md). v3 always
 *     has BN
 * @param symmetric v2 only: also use view 2 as the query against view 1's key, average the two
 *     InfoNCE terms and queue both keys (SimSiam Table 4's "MoCo v2 (sym.)", solo-learn's MoCo
 *     v2+); false is the paper's one direction. v3 is always symmetric
 */
public record MoCoConfig(
        Version version,
        double temperature,
        int queueSize,
        double momentum,
        MomentumDecay momentumDecay,
        int projectionDim,
        int hiddenDim,
        int projectionLayers,
        int predictorHiddenDim,
        boolean projectionBatchNorm,
        boolean symmetric) {

    /** The MoCo generation, which fixes the loss, the negatives and the heads. */
    public enum Version {
        /**
         * MoCo v2: InfoNCE of one query view against its key and a queue of past keys; MLP
         * projector, no predictor; one direction (query view 1, key view 2) as in the official
         * code.
         */
        V2,
        /**
         * MoCo v3: symmetric contrastive loss with in-batch negatives; 3-layer projector with BN
         * (last BN without affine), 2-layer predictor.
         */
        V3
    }

    /** How the EMA momentum evolves over the run. */
    public enum MomentumDecay {
        /** m is the same at every step (MoCo v1/v2). */
        FIXED,
        /** m rises from its base value to 1 on a half-cosine over all steps (MoCo v3, BYOL). */
        COSINE
    }

    /** Validates every field and names the bad one. */
    public MoCoConfig {
        if (version == null) {
            throw new IllegalArgumentException("version must be V2 or V3, got null");
        }
        if (momentumDecay == null) {
            throw new IllegalArgumentException("momentumDecay must be FIXED or COSINE, got null");
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be >= 1, got " + queueSize);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        }
        if (projectionDim < 1) {
            throw new IllegalArgumentException("projectionDim must be >= 1, got " + projectionDim);
        }
        if (hiddenDim < 0) {
            throw new IllegalArgumentException("hiddenDim must be >= 0 (0 = encoder width), got " + hiddenDim);
        }
        if (projectionLayers < 0 || projectionLayers == 1 || projectionLayers > 3) {
            throw new IllegalArgumentException(
                    "projectionLayers must be 2, 3 or 0 (per encoder type), got " + projectionLayers);
        }
        if (predictorHiddenDim < 1) {
            throw new IllegalArgumentException("predictorHiddenDim must be >= 1, got " + predictorHiddenDim);
        }
    }

    /**
     * Returns MoCo v2's defaults.
     *
     * @return τ 0.2, K 65,536, m 0.999 fixed, head {@code D → D → 128} without BN
     */
    public static MoCoConfig v2() {
        return new MoCoConfig(Version.V2, 0.2, 65_536, 0.999, MomentumDecay.FIXED, 128, 0, 2, 4096, false, false);
    }

    /**
     * Returns MoCo v3's defaults.
     *
     * @return τ 0.2, m 0.99 → 1 cosine, projector {@code D → 4096 → (4096 →) 256} with BN,
     *     predictor {@code 256 → 4096 → 256}
     */
    public static MoCoConfig v3() {
        return new MoCoConfig(Version.V3, 0.2, 65_536, 0.99, MomentumDecay.COSINE, 256, 4096, 0, 4096, true, true);
    }

    /**
     * Returns the defaults of the registry id {@code moco}: MoCo v2.
     *
     * @return {@link #v2()}
     */
    public static MoCoConfig defaults() {
        return v2();
    }

    /**
     * Returns a copy with another temperature.
     *
     * @param value τ
     * @return the copy
     */
    public MoCoConfig withTemperature(double value) {
        return new MoCoConfig(version, value, queueSize, momentum, momentumDecay, projectionDim, hiddenDim,
                projectionLayers, predictorHiddenDim, projectionBatchNorm, symmetric);
    }

    /**
     * Returns a copy with another queue size.
     *
     * @param value K
     * @return the copy
     */
    public MoCoConfig withQueueSize(int value) {
        return new MoCoConfig(version, temperature, value, momentum, momentumDecay, projectionDim, hiddenDim,
                projectionLayers, predictorHiddenDim, projectionBatchNorm, symmetric);
    }

    /**
     * Returns a copy with another base momentum.
     *
     * @param value m at step 0
     * @return the copy
     */
    public MoCoConfig withMomentum(double value) {
        return new MoCoConfig(version, temperature, queueSize, value, momentumDecay, projectionDim, hiddenDim,
                projectionLayers, predictorHiddenDim, projectionBatchNorm, symmetric);
    }

    /**
     * Returns a copy with other head widths (tests and small encoders).
     *
     * @param projection projector output width
     * @param hidden projector hidden width (0 = encoder width)
     * @param predictorHidden predictor hidden width
     * @return the copy
     */
    public MoCoConfig withHeadDims(int projection, int hidden, int predictorHidden) {
        return new MoCoConfig(version, temperature, queueSize, momentum, momentumDecay, projection, hidden,
                projectionLayers, predictorHidden, projectionBatchNorm, symmetric);
    }

    /**
     * Returns a copy of a v2 config with solo-learn's "MoCo v2+" changes: BN in the projector and
     * the symmetric loss.
     *
     * @param batchNorm BN after the projector's hidden layer
     * @param symmetricLoss both views as queries
     * @return the copy
     */
    public MoCoConfig withV2Plus(boolean batchNorm, boolean symmetricLoss) {
        return new MoCoConfig(version, temperature, queueSize, momentum, momentumDecay, projectionDim, hiddenDim,
                projectionLayers, predictorHiddenDim, batchNorm, symmetricLoss);
    }
}
