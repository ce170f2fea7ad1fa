package io.github.djlssl.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * 0-d float32 arrays holding hyper-parameter values on one device, reused by every parameter
 * update.
 *
 * <p>Why: DJL turns every {@code Number} operand ({@code x.muli(0.9f)}) into a fresh array built
 * from a Java buffer, which costs 50-200 us here, more than the arithmetic on a 64k-element tensor.
 * Constants (momentum, betas, eps) are created once; step values (learning rate, decay, bias
 * corrections) once per global step and freed when the step advances, so the count of arrays stays
 * flat. Scalars are only ever used as the second operand, never modified.
 */
final class StepScalars implements AutoCloseable {

    private static final Shape SCALAR = new Shape();

    private final NDManager manager;
    private final Device device;
    private final Map<Float, NDArray> constants = new HashMap<>();
    private final Map<Float, NDArray> stepValues = new HashMap<>();

    StepScalars(NDManager manager, Device device) {
        this.manager = manager;
        this.device = device;
    }

    /** A value that never changes during training. */
    NDArray constant(double value) {
        return constants.computeIfAbsent((float) value, this::create);
    }

    /** A value of the current global step. */
    NDArray stepValue(double value) {
        return stepValues.computeIfAbsent((float) value, this::create);
    }

    /** Frees the previous step's values; call between parameter updates only. */
    void newStep() {
        stepValues.values().forEach(NDArray::close);
        stepValues.clear();
    }

    private NDArray create(float value) {
        NDArray a = manager.full(SCALAR, value, DataType.FLOAT32, device);
        NDScope.unregister(a);
        return a;
    }

    @Override
    public void close() {
        newStep();
        constants.values().forEach(NDArray::close);
        constants.clear();
    }
}
