package io.github.djlssl.core.optim;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.schedule.Schedule;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, with {@code torch.optim.SGD} semantics (dampening 0).
 *
 * <pre>
 *   d   = g + wd * w            (wd = 0 for excluded parameters)
 *   buf = mu * buf + d          (buf starts at 0, so the first step gives buf = d)
 *   d   = nesterov ? d + mu * buf : buf
 *   w  -= lr * d
 * </pre>
 *
 * Unlike DJL's built-in {@code Sgd} (MXNet style, {@code buf = mu * buf + lr * d}), the learning
 * rate is not folded into the momentum buffer, which matters when the learning rate is scheduled.
 * Used by SimCLR/MoCo/SwAV/BYOL linear evaluation and MoCo v2 pretraining (lr 0.03 * batch/256,
 * momentum 0.9, wd 1e-4).
 */
public final class Sgd extends ScheduledOptimizer {

    private static final List<String> MOMENTUM = List.of("momentum");

    private final float momentum;
    private final boolean nesterov;

    /**
     * Creates the optimiser.
     *
     * @param groups the parameters and their options
     * @param learningRate the learning rate per global step
     * @param weightDecay the weight decay per global step (decayed parameters only)
     * @param momentum the momentum mu in [0, 1); 0 keeps no state
     * @param nesterov whether to use Nesterov momentum (requires {@code momentum > 0})
     */
    public Sgd(
            ParameterGroups groups,
            Schedule learningRate,
            Schedule weightDecay,
            double momentum,
            boolean nesterov) {
        super(groups, learningRate, weightDecay);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov requires momentum > 0");
        }
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    @Override
    List<String> bufferNames(ParameterGroups.Member member) {
        return momentum == 0 ? List.of() : MOMENTUM;
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
        NDArray d = wd == 0 ? grad : grad.add(weight.mul(s.stepValue(wd)));
        if (momentum != 0) {
            NDArray mu = s.constant(momentum);
            NDArray buf = buffers[0].muli(mu).addi(d);
            d = nesterov ? d.add(buf.mul(mu)) : buf;
        }
        weight.subi(d.mul(s.stepValue(lr)));
    }
}
