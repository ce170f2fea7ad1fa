package io.github.djlssl.jointembed.dino;

/**
 * DINO settings with the paper's defaults (Caron et al., 2021, "Emerging Properties in
 * Self-Supervised Vision Transformers", and the official {@code main_dino.py}).
 *
 * <p>Optimiser recipe of the paper (not part of this record): AdamW, lr 0.0005 × B/256 with 10
 * warm-up epochs and cosine decay to 1e-6, weight decay cosine 0.04 → 0.4, gradient clipping at 3.0
 * (§4.1 / Appendix); for ResNet-50 the code's recipe is LARS, lr 0.3, wd 1e-6, BN in the head.
 *
 * @param outputDim K, the head's output width: 65536 (§3.1, Appendix Table 9); use a few thousand
 *     for small data sets
 * @param hiddenDim hidden width of the head MLP: 2048
 * @param bottleneckDim width before the last layer: 256
 * @param headLayers Linears in the head MLP: 3
 * @param headBatchNorm BatchNorm in the head MLP ({@code use_bn_in_head}): false (the ViT default)
 * @param normLastLayer weight-norm gain of the last layer fixed at 1 ({@code norm_last_layer}):
 *     true
 * @param studentTemperature τ_s: 0.1 (§3.1)
 * @param teacherTemperature τ_t after warm-up: 0.07 (§4.1 / Appendix)
 * @param warmupTeacherTemperature τ_t at the start of the warm-up: 0.04
 * @param teacherTemperatureWarmupEpochs linear warm-up of τ_t: 30 epochs; 0 = constant τ_t
 * @param centerMomentum m of the centre EMA: 0.9 (§3.1)
 * @param teacherMomentum base EMA momentum of the teacher, cosine to 1 over training: 0.996
 * @param numLocalCrops local crops besides the 2 global ones: 8 ({@code local_crops_number})
 * @param localCropSize side of the local crops in pixels; 0 = 96/224 of the image side (12 px for
 *     28 px images); ViTs always use the image side (see {@code MultiCrop})
 * @param freezeLastLayerEpochs epochs during which the last layer is not updated: 1 ({@code
 *     freeze_last_layer})
 */
public record DinoConfig(
        int outputDim,
        int hiddenDim,
        int bottleneckDim,
        int headLayers,
        boolean headBatchNorm,
        boolean normLastLayer,
        double studentTemperature,
        double teacherTemperature,
        double warmupTeacherTemperature,
        int teacherTemperatureWarmupEpochs,
        double centerMomentum,
        double teacherMomentum,
        int numLocalCrops,
        int localCropSize,
        int freezeLastLayerEpochs) {

    /** Validates every field and names the bad one. */
    public DinoConfig {
        atLeast("outputDim", outputDim, 1);
        atLeast("hiddenDim", hiddenDim, 1);
        atLeast("bottleneckDim", bottleneckDim, 1);
        atLeast("headLayers", headLayers, 1);
        positive("studentTemperature", studentTemperature);
        positive("teacherTemperature", teacherTemperature);
        positive("warmupTeacherTemperature", warmupTeacherTemperature);
        atLeast("teacherTemperatureWarmupEpochs", teacherTemperatureWarmupEpochs, 0);
        unit("centerMomentum", centerMomentum);
        unit("teacherMomentum", teacherMomentum);
        atLeast("numLocalCrops", numLocalCrops, 0);
        atLeast("localCropSize", localCropSize, 0);
        atLeast("freezeLastLayerEpochs", freezeLastLayerEpochs, 0);
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
    }

    private static void unit(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    /**
     * Returns the paper's defaults.
     *
     * @return K 65536, head 2048/256 with 3 layers and no BN, τ_s 0.1, τ_t 0.04 → 0.07 over 30
     *     epochs, centre 0.9, teacher 0.996 → 1, 2 + 8 crops, last layer frozen for 1 epoch
     */
    public static DinoConfig defaults() {
        return new DinoConfig(
                65536, 2048, 256, 3, false, true, 0.1, 0.07, 0.04, 30, 0.9, 0.996, 8, 0, 1);
    }

    /**
     * Returns a copy with other head widths.
     *
     * @param output K
     * @param hidden hidden width
     * @param bottleneck bottleneck width
     * @return the copy
     */
    public DinoConfig withHead(int output, int hidden, int bottleneck) {
        return new DinoConfig(
                output,
                hidden,
                bottleneck,
                headLayers,
                headBatchNorm,
                normLastLayer,
                studentTemperature,
                teacherTemperature,
                warmupTeacherTemperature,
                teacherTemperatureWarmupEpochs,
                centerMomentum,
                teacherMomentum,
                numLocalCrops,
                localCropSize,
                freezeLastLayerEpochs);
    }

    /**
     * Returns a copy with BatchNorm in the head on or off.
     *
     * @param value {@code use_bn_in_head}
     * @return the copy
     */
    public DinoConfig withHeadBatchNorm(boolean value) {
        return new DinoConfig(
                outputDim,
                hiddenDim,
                bottleneckDim,
                headLayers,
                value,
                normLastLayer,
                studentTemperature,
                teacherTemperature,
                warmupTeacherTemperature,
                teacherTemperatureWarmupEpochs,
                centerMomentum,
                teacherMomentum,
                numLocalCrops,
                localCropSize,
                freezeLastLayerEpochs);
    }

    /**
     * Returns a copy with the last layer's gain fixed (true) or trainable (false).
     *
     * @param value {@code norm_last_layer}
     * @return the copy
     */
    public DinoConfig withNormLastLayer(boolean value) {
        return new DinoConfig(
                outputDim,
                hiddenDim,
                bottleneckDim,
                headLayers,
                headBatchNorm,
                value,
                studentTemperature,
                teacherTemperature,
                warmupTeacherTemperature,
                teacherTemperatureWarmupEpochs,
                centerMomentum,
                teacherMomentum,
                numLocalCrops,
                localCropSize,
                freezeLastLayerEpochs);
    }

    /**
     * Returns a copy with another multi-crop setting.
     *
     * @param count local crops
     * @param size their side (0 = automatic)
     * @return the copy
     */
    public DinoConfig withLocalCrops(int count, int size) {
        return new DinoConfig(
                outputDim,
                hiddenDim,
                bottleneckDim,
                headLayers,
                headBatchNorm,
                normLastLayer,
                studentTemperature,
                teacherTemperature,
                warmupTeacherTemperature,
                teacherTemperatureWarmupEpochs,
                centerMomentum,
                teacherMomentum,
                count,
                size,
                freezeLastLayerEpochs);
    }

    /**
     * Returns a copy with another last-layer freeze.
     *
     * @param epochs epochs without last-layer updates
     * @return the copy
     */
    public DinoConfig withFreezeLastLayerEpochs(int epochs) {
        return new DinoConfig(
                outputDim,
                hiddenDim,
                bottleneckDim,
                headLayers,
                headBatchNorm,
                normLastLayer,
                studentTemperature,
                teacherTemperature,
                warmupTeacherTemperature,
                teacherTemperatureWarmupEpochs,
                centerMomentum,
                teacherMomentum,
                numLocalCrops,
                localCropSize,
                epochs);
    }

    /**
     * Returns a copy with another teacher-temperature schedule.
     *
     * @param warmupStart τ_t at step 0
     * @param value τ_t after the warm-up
     * @param warmupEpochs warm-up length (0 = constant)
     * @return the copy
     */
    public DinoConfig withTeacherTemperature(double warmupStart, double value, int warmupEpochs) {
        return new DinoConfig(
                outputDim,
                hiddenDim,
                bottleneckDim,
                headLayers,
                headBatchNorm,
                normLastLayer,
                studentTemperature,
                value,
                warmupStart,
                warmupEpochs,
                centerMomentum,
                teacherMomentum,
                numLocalCrops,
                localCropSize,
                freezeLastLayerEpochs);
    }
}
