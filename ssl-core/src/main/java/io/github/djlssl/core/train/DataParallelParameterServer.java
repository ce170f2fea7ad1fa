package io.github.djlssl.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterServer;
import ai.djl.training.optimizer.Optimizer;

/**
 * Applies the optimiser to every device copy of a parameter with the gradient summed over the
 * devices, then zeroes every device's gradient.
 *
 * <p>Why not DJL's {@code LocalParameterServer}: it hands the optimiser a duplicate of the
 * gradient, so an optimiser that zeroes what it is given never clears the real {@code .grad},
 * and PyTorch keeps accumulating into it (research/djl.md §3, §7). The trainer scales each
 * device's loss by 1/n, so the sum here is the mean over the global batch.
 */
public final class DataParallelParameterServer implements ParameterServer {

    private final Optimizer optimizer;

    /**
     * Creates the server.
     *
     * @param optimizer the optimiser applied to every parameter that requires a gradient
     */
    public DataParallelParameterServer(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    @Override
    public void init(String parameterId, NDArray[] value) {}

    @Override
    public void update(String parameterId, NDArray[] grads, NDArray[] params) {
        Device first = params[0].getDevice();
        for (int i = 1; i < grads.length; i++) {
            try (NDArray copy = grads[i].toDevice(first, true)) {
                grads[0].addi(copy);
            }
        }
        for (int i = 1; i < params.length; i++) {
            try (NDArray g = grads[0].toDevice(params[i].getDevice(), true)) {
                optimizer.update(parameterId, params[i], g);
            }
            grads[i].subi(grads[i]);
        }
        // The primary copy last: an optimiser may zero grads[0] in place.
        optimizer.update(parameterId, params[0], grads[0]);
        grads[0].subi(grads[0]);
    }

    @Override
    public void close() {}
}
