package io.github.djlssl.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import io.github.djlssl.core.schedule.Schedule;
import java.util.List;

/**
 * LARS (You et al. 2017) as used by SimCLR, BYOL, Barlow Twins and VICReg: SGD with momentum whose
 * per-layer update is scaled by a trust ratio.
 *
 * <pre>
 *   d   = g + wd * w
 *   q   = eta * ||w|| / ||d||   if ||w|| &gt; 0 and ||d|| &gt; 0, else 1
 *   d   = q * d
 *   buf = mu * buf + d
 *   w  -= lr * buf
 * </pre>
 *
 * This is the Barlow Twins / VICReg {@code LARS} class (trust coefficient {@code eta = 0.001}).
 * Parameters excluded by {@link ParameterGroups} (biases, norm parameters, anything of rank &le; 1)
 * get neither weight decay nor the trust ratio: plain momentum SGD. The trust ratio is computed on
 * the device ({@code where}), with no host synchronisation.
 */
public final class Lars extends ScheduledOptimizer {

    private static final List<String> MOMENTUM = List.of("momentum");

    private final float momentum;
    private final float eta;

    /**
     * Creates the optimiser.
     *
     * @param groups the parameters and their options
     * @param learningRate the learning rate per global step
     * @param weightDecay the weight decay per global step (decayed parameters only)
     * @param momentum the momentum in [0, 1), 0.9 in the papers
     * @param eta the trust coefficient, &gt; 0; 0.001 in the papers
     */
    public Lars(
            ParameterGroups groups,
            Schedule learningRate,
            Schedule weightDecay,
            double momentum,
            double eta) {
        super(groups, learningRate, weightDecay);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(eta > 0 && Double.isFinite(eta))) {
            throw new IllegalArgumentException("eta must be > 0, got " + eta);
        }
        this.momentum = (float) momentum;
        this.eta = (float) eta;
    }

    @Override
    List<String> bufferNames(ParameterGroups.Member member) {
        return MOMENTUM;
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
        if (member.larsAdapt()) {
            NDArray zero = s.constant(0);
            NDArray weightNorm = weight.norm();
            NDArray updateNorm = d.norm();
            NDArray valid = weightNorm.gt(zero).logicalAnd(updateNorm.gt(zero));
            // inf/NaN where a norm is 0: masked out by the where
            NDArray trust = weightNorm.mul(s.constant(eta)).divi(updateNorm);
            d = d.mul(NDArrays.where(valid, trust, s.constant(1)));
        }
        NDArray buf = buffers[0].muli(s.constant(momentum)).addi(d);
        weight.subi(buf.mul(s.stepValue(lr)));
    }
}
