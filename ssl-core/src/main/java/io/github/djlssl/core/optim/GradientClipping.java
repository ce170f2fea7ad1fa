package io.github.djlssl.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Global-norm gradient clipping, {@code torch.nn.utils.clip_grad_norm_}: every gradient is scaled
 * in place by {@code min(1, maxNorm / (totalNorm + 1e-6))}, where {@code totalNorm} is the L2 norm
 * of all gradients concatenated.
 *
 * <p>Call it between the last {@code backward} and {@code Trainer.step()}. DJL's {@code
 * optClipGrad} is no substitute: it clamps each element from above only. Everything stays on the
 * device (no host synchronisation); the caller decides when to read the returned norm.
 */
public final class GradientClipping {

    private GradientClipping() {}

    /**
     * Clips the gradients of {@code parameters} to a global L2 norm of at most {@code maxNorm}.
     * Parameters that require no gradient, have none yet, or repeat (shared) are skipped.
     *
     * @param parameters the parameters, e.g. {@code block.getParameters().values()}
     * @param maxNorm the largest allowed global norm; &gt; 0
     * @param manager receives the returned norm (e.g. the step's manager)
     * @return the global gradient norm before clipping, a float scalar on the gradients' device
     */
    public static NDArray clipGlobalNorm(
            Iterable<Parameter> parameters, double maxNorm, NDManager manager) {
        if (!(maxNorm > 0 && Double.isFinite(maxNorm))) {
            throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
        }
        try (NDManager scratch = manager.newSubManager()) {
            List<NDArray> grads = gradients(parameters, scratch);
            if (grads.isEmpty()) {
                return manager.zeros(new Shape());
            }
            NDArray total = null;
            for (NDArray g : grads) {
                NDArray squares = g.square().sum();
                total = total == null ? squares : total.addi(squares);
            }
            total = total.sqrt();
            NDArray scale = total.onesLike().muli((float) maxNorm).divi(total.add(1e-6f));
            scale = scale.minimum(1f);
            for (NDArray g : grads) {
                g.muli(scale);
            }
            total.attach(manager);
            return total;
        }
    }

    /**
     * Clips the gradients of a block's parameters; see {@link #clipGlobalNorm(Iterable, double,
     * NDManager)}.
     *
     * @param parameters name to parameter pairs, e.g. {@code block.getParameters()}
     * @param maxNorm the largest allowed global norm; &gt; 0
     * @param manager receives the returned norm
     * @return the global gradient norm before clipping
     */
    public static NDArray clipGlobalNorm(
            ai.djl.nn.ParameterList parameters, double maxNorm, NDManager manager) {
        List<Parameter> list = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            list.add(p.getValue());
        }
        return clipGlobalNorm(list, maxNorm, manager);
    }

    /** Gradient views of the trainable parameters, attached to {@code scratch}. */
    private static List<NDArray> gradients(Iterable<Parameter> parameters, NDManager scratch) {
        List<NDArray> grads = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Parameter p : parameters) {
            if (!p.requiresGradient() || !p.isInitialized() || !seen.add(p.getId())) {
                continue;
            }
            NDArray weight = p.getArray();
            if (!weight.hasGradient()) {
                continue;
            }
            // Borrow the weight so the gradient view (created on the weight's manager) lands in
            // the scratch scope, even if the model's manager is capped.
            weight.tempAttach(scratch);
            try {
                grads.add(weight.getGradient());
            } catch (IllegalStateException e) {
                // requires a gradient but none computed (unused parameter): like grad=None in torch
            }
        }
        return grads;
    }
}
