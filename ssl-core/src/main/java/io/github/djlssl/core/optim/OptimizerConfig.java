package io.github.djlssl.core.optim;

import ai.djl.nn.Block;
import io.github.djlssl.core.schedule.ConstantSchedule;
import io.github.djlssl.core.schedule.Schedule;
import io.github.djlssl.core.schedule.WarmupCosineSchedule;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optimiser of a pretraining run: type, hyper-parameters and schedules, as an immutable record
 * with the papers' defaults.
 *
 * <p>The learning rate warms up linearly from 0 to {@code lr} over {@code warmupEpochs}, then
 * follows a cosine to {@code finalLr} at the last step ({@link WarmupCosineSchedule}, per
 * iteration). Weight decay follows a cosine from {@code weightDecay} to {@code finalWeightDecay}
 * (constant when they are equal; DINO uses 0.04 to 0.4). {@code lr} is the rate actually used: the
 * linear scaling rule of the papers ({@code lr = base_lr * batch / 256}) is offered as {@link
 * #linearScaledLr} and never applied silently. {@code clipGradNorm} is for the trainer, which calls
 * {@link GradientClipping#clipGlobalNorm} before each step when it is &gt; 0.
 *
 * @param type the algorithm
 * @param lr the peak learning rate, reached at the end of warm-up; &gt; 0
 * @param finalLr the learning rate at the last step; &ge; 0
 * @param warmupEpochs linear warm-up length in epochs; &ge; 0
 * @param weightDecay the weight decay at step 0; &ge; 0
 * @param finalWeightDecay the weight decay at the last step; &ge; 0
 * @param momentum SGD/LARS momentum in [0, 1)
 * @param nesterov SGD Nesterov momentum
 * @param beta1 AdamW first-moment decay in [0, 1)
 * @param beta2 AdamW second-moment decay in [0, 1)
 * @param eps AdamW epsilon; &gt; 0
 * @param larsEta LARS trust coefficient; &gt; 0
 * @param clipGradNorm global gradient-norm limit; 0 turns clipping off
 */
public record OptimizerConfig(
        Type type,
        double lr,
        double finalLr,
        int warmupEpochs,
        double weightDecay,
        double finalWeightDecay,
        double momentum,
        boolean nesterov,
        double beta1,
        double beta2,
        double eps,
        double larsEta,
        double clipGradNorm) {

    private static final Logger LOG = LoggerFactory.getLogger(OptimizerConfig.class);

    /** The optimisation algorithm. */
    public enum Type {
        /** {@link Sgd}: SGD with momentum, PyTorch semantics. */
        SGD,
        /** {@link AdamW}: Adam with decoupled weight decay. */
        ADAMW,
        /** {@link Lars}: momentum SGD with layer-wise trust ratios. */
        LARS
    }

    /** Validates every field; messages name the field and the bad value. */
    public OptimizerConfig {
        Objects.requireNonNull(type, "type");
        requirePositive("lr", lr);
        requireNonNegative("finalLr", finalLr);
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warmupEpochs must be >= 0, got " + warmupEpochs);
        }
        requireNonNegative("weightDecay", weightDecay);
        requireNonNegative("finalWeightDecay", finalWeightDecay);
        requireUnit("momentum", momentum);
        requireUnit("beta1", beta1);
        requireUnit("beta2", beta2);
        requirePositive("eps", eps);
        requirePositive("larsEta", larsEta);
        requireNonNegative("clipGradNorm", clipGradNorm);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov requires momentum > 0, got momentum 0");
        }
    }

    /**
     * SGD with momentum (e.g. MoCo v2: {@code sgd(0.03 * batch / 256, 0.9, 1e-4)}), cosine to 0, no
     * warm-up.
     *
     * @param lr the peak learning rate
     * @param momentum the momentum
     * @param weightDecay the weight decay
     * @return the config
     */
    public static OptimizerConfig sgd(double lr, double momentum, double weightDecay) {
        return new OptimizerConfig(
                Type.SGD,
                lr,
                0,
                0,
                weightDecay,
                weightDecay,
                momentum,
                false,
                0.9,
                0.999,
                1e-8,
                0.001,
                0);
    }

    /**
     * AdamW with betas (0.9, 0.999) and eps 1e-8 (DINO ViT: {@code adamw(5e-4 * batch / 256,
     * 0.04).withFinalWeightDecay(0.4).withWarmupEpochs(10)}), cosine to 0, no warm-up.
     *
     * @param lr the peak learning rate
     * @param weightDecay the decoupled weight decay
     * @return the config
     */
    public static OptimizerConfig adamw(double lr, double weightDecay) {
        return adamw(lr, weightDecay, 0.9, 0.999);
    }

    /**
     * AdamW with explicit betas (MAE, I-JEPA: (0.9, 0.95)).
     *
     * @param lr the peak learning rate
     * @param weightDecay the decoupled weight decay
     * @param beta1 first-moment decay
     * @param beta2 second-moment decay
     * @return the config
     */
    public static OptimizerConfig adamw(double lr, double weightDecay, double beta1, double beta2) {
        return new OptimizerConfig(
                Type.ADAMW,
                lr,
                0,
                0,
                weightDecay,
                weightDecay,
                0.9,
                false,
                beta1,
                beta2,
                1e-8,
                0.001,
                0);
    }

    /**
     * LARS with trust coefficient 0.001 (Barlow Twins: {@code lars(0.2 * batch / 256, 0.9,
     * 1.5e-6).withWarmupEpochs(10)}), cosine to 0, no warm-up.
     *
     * @param lr the peak learning rate
     * @param momentum the momentum
     * @param weightDecay the weight decay
     * @return the config
     */
    public static OptimizerConfig lars(double lr, double momentum, double weightDecay) {
        return new OptimizerConfig(
                Type.LARS,
                lr,
                0,
                0,
                weightDecay,
                weightDecay,
                momentum,
                false,
                0.9,
                0.999,
                1e-8,
                0.001,
                0);
    }

    /**
     * Returns the linear scaling rule of Goyal et al. (2017) used by SimCLR, BYOL, DINO, MAE:
     * {@code baseLr * batchSize / 256}.
     *
     * @param baseLr the learning rate quoted for a batch of 256
     * @param batchSize the total batch size
     * @return the learning rate to pass as {@code lr}
     */
    public static double linearScaledLr(double baseLr, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        return baseLr * batchSize / 256.0;
    }

    /**
     * Returns a copy with another warm-up length.
     *
     * @param epochs warm-up epochs
     * @return the new config
     */
    public OptimizerConfig withWarmupEpochs(int epochs) {
        return new OptimizerConfig(
                type,
                lr,
                finalLr,
                epochs,
                weightDecay,
                finalWeightDecay,
                momentum,
                nesterov,
                beta1,
                beta2,
                eps,
                larsEta,
                clipGradNorm);
    }

    /**
     * Returns a copy with another final learning rate.
     *
     * @param value the learning rate at the last step
     * @return the new config
     */
    public OptimizerConfig withFinalLr(double value) {
        return new OptimizerConfig(
                type,
                lr,
                value,
                warmupEpochs,
                weightDecay,
                finalWeightDecay,
                momentum,
                nesterov,
                beta1,
                beta2,
                eps,
                larsEta,
                clipGradNorm);
    }

    /**
     * Returns a copy with another final weight decay.
     *
     * @param value the weight decay at the last step
     * @return the new config
     */
    public OptimizerConfig withFinalWeightDecay(double value) {
        return new OptimizerConfig(
                type,
                lr,
                finalLr,
                warmupEpochs,
                weightDecay,
                value,
                momentum,
                nesterov,
                beta1,
                beta2,
                eps,
                larsEta,
                clipGradNorm);
    }

    /**
     * Returns a copy with gradient clipping.
     *
     * @param maxNorm the global norm limit; 0 for none
     * @return the new config
     */
    public OptimizerConfig withClipGradNorm(double maxNorm) {
        return new OptimizerConfig(
                type,
                lr,
                finalLr,
                warmupEpochs,
                weightDecay,
                finalWeightDecay,
                momentum,
                nesterov,
                beta1,
                beta2,
                eps,
                larsEta,
                maxNorm);
    }

    /**
     * Returns a copy with Nesterov momentum on or off (SGD only).
     *
     * @param value whether to use Nesterov momentum
     * @return the new config
     */
    public OptimizerConfig withNesterov(boolean value) {
        return new OptimizerConfig(
                type,
                lr,
                finalLr,
                warmupEpochs,
                weightDecay,
                finalWeightDecay,
                momentum,
                value,
                beta1,
                beta2,
                eps,
                larsEta,
                clipGradNorm);
    }

    /**
     * Returns a copy with another LARS trust coefficient.
     *
     * @param eta the trust coefficient
     * @return the new config
     */
    public OptimizerConfig withLarsEta(double eta) {
        return new OptimizerConfig(
                type,
                lr,
                finalLr,
                warmupEpochs,
                weightDecay,
                finalWeightDecay,
                momentum,
                nesterov,
                beta1,
                beta2,
                eps,
                eta,
                clipGradNorm);
    }

    /**
     * Returns the learning-rate schedule of a run. A warm-up longer than the run is shortened to
     * the run (with a warning), so short smoke runs of long-warm-up recipes still work.
     *
     * @param totalSteps optimiser steps in the run; &gt; 0
     * @param stepsPerEpoch optimiser steps per epoch; &gt; 0
     * @return linear warm-up from 0 to {@code lr}, then cosine to {@code finalLr}
     */
    public Schedule learningRateSchedule(long totalSteps, int stepsPerEpoch) {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be > 0, got " + totalSteps);
        }
        if (stepsPerEpoch <= 0) {
            throw new IllegalArgumentException("stepsPerEpoch must be > 0, got " + stepsPerEpoch);
        }
        long warmup = (long) warmupEpochs * stepsPerEpoch;
        if (warmup > totalSteps) {
            LOG.warn(
                    "Warm-up of {} epochs ({} steps) is longer than the run ({} steps); shortened"
                            + " to the run",
                    warmupEpochs,
                    warmup,
                    totalSteps);
            warmup = totalSteps;
        }
        return WarmupCosineSchedule.fromZero(lr, finalLr, warmup, totalSteps);
    }

    /**
     * Returns the weight-decay schedule of a run.
     *
     * @param totalSteps optimiser steps in the run; &gt; 0
     * @return constant {@code weightDecay}, or a cosine from it to {@code finalWeightDecay}
     */
    public Schedule weightDecaySchedule(long totalSteps) {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be > 0, got " + totalSteps);
        }
        if (weightDecay == finalWeightDecay) {
            return new ConstantSchedule(weightDecay);
        }
        return new WarmupCosineSchedule(weightDecay, finalWeightDecay, 0, totalSteps, weightDecay);
    }

    /**
     * Builds the optimiser for a block with the default decay/LARS exclusion rule.
     *
     * @param block the block the trainer trains
     * @param totalSteps optimiser steps in the run
     * @param stepsPerEpoch optimiser steps per epoch
     * @return the optimiser; pass it to {@code DefaultTrainingConfig.optOptimizer} and close it
     *     after training
     */
    public ScheduledOptimizer build(Block block, long totalSteps, int stepsPerEpoch) {
        return build(ParameterGroups.of(block), totalSteps, stepsPerEpoch);
    }

    /**
     * Builds the optimiser for explicit parameter groups.
     *
     * @param groups the parameters and their options
     * @param totalSteps optimiser steps in the run
     * @param stepsPerEpoch optimiser steps per epoch
     * @return the optimiser
     */
    public ScheduledOptimizer build(ParameterGroups groups, long totalSteps, int stepsPerEpoch) {
        Schedule lrs = learningRateSchedule(totalSteps, stepsPerEpoch);
        Schedule wds = weightDecaySchedule(totalSteps);
        return switch (type) {
            case SGD -> new Sgd(groups, lrs, wds, momentum, nesterov);
            case ADAMW -> new AdamW(groups, lrs, wds, beta1, beta2, eps);
            case LARS -> new Lars(groups, lrs, wds, momentum, larsEta);
        };
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + " must be finite and > 0, got " + value);
        }
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, got " + value);
        }
    }

    private static void requireUnit(String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1), got " + value);
        }
    }
}
