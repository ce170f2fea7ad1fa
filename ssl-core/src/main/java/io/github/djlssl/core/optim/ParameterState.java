package io.github.djlssl.core.optim;

import ai.djl.ndarray.NDArray;

/**
 * The optimiser state of one parameter on one device: its buffers (momentum, or Adam moments) and
 * the number of updates applied to it ({@code state['step']} in PyTorch).
 */
final class ParameterState {

    final NDArray[] buffers;
    long updates;

    ParameterState(NDArray[] buffers) {
        this.buffers = buffers;
    }

    void close() {
        for (NDArray b : buffers) {
            b.close();
        }
    }
}
