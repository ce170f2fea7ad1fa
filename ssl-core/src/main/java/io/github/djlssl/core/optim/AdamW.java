package io.github.djlssl.core.optim;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.schedule.Schedule;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019), with {@code torch.optim.AdamW}
 * semantics.
 *
 * <pre>
 *   w  *= 1 - lr * wd                      (wd = 0 for excluded parameters)
 *   m   = b1 * m + (1 - b1) * g
 *   v   = b2 * v + (1 - b2) * g^2
 *   w  -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 *
 * where {@code t} counts this parameter's updates (PyTorch's per-parameter {@code step}), so a
 * parameter that starts training late gets its own bias correction. Defaults {@code betas = (0.9,
 * 0.999)}, {@code eps = 1e-8}; MAE and I-JEPA use {@code betas = (0.9, 0.95)}; DINO and MoCo v3 ViT
 * use the defaults with weight decay 0.04 to 0.4 and 0.1.
 */
public final class AdamW extends ScheduledOptimizer {

    private static final List<String> MOMENTS = List.of("exp_avg", "exp_avg_sq");

    private final double beta1;
    private final double beta2;
    private final float eps;

    /**
     * Creates the optimiser.
     *
     * @param groups the parameters and their options
     * @param learningRate the learning rate per global step
     * @param weightDecay the decoupled weight decay per global step (decayed parameters only)
     * @param beta1 the first-moment decay in [0, 1)
     * @param beta2 the second-moment decay in [0, 1)
     * @param eps added to the bias-corrected {@code sqrt(v)}; &gt; 0
     */
    public AdamW(
            ParameterGroups groups,
            Schedule learningRate,
            Schedule weightDecay,
            double beta1,
            double beta2,
            double eps) {
        super(groups, learningRate, weightDecay);
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(eps > 0 && Double.isFinite(eps))) {
            throw new IllegalArgumentException("eps must be > 0, got " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = (float) eps;
    }

    @Override
    List<String> bufferNames(ParameterGroups.Member member) {
        return MOMENTS;
    }

    @Override
    void apply(
            ParameterGroups.Member member,
            NDArray weight,
            NDArray grad,
            NDArray[] buffers,
            long updates,
            double lr,
            double wd,
            StepScalars s) {
        if (wd != 0) {
            weight.muli(s.stepValue(1 - lr * wd));
        }
        NDArray m = buffers[0].muli(s.constant(beta1)).addi(grad.mul(s.constant(1 - beta1)));
        NDArray v = buffers[1].muli(s.constant(beta2));
        v.addi(grad.square().muli(s.constant(1 - beta2)));
        double bias1 = 1 - Math.pow(beta1, updates);
        double bias2 = 1 - Math.pow(beta2, updates);
        NDArray denom = v.sqrt().divi(s.stepValue(Math.sqrt(bias2))).addi(s.constant(eps));
        weight.subi(m.div(denom).muli(s.stepValue(lr / bias1)));
    }
}
