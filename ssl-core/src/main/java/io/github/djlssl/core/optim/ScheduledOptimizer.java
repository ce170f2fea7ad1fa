package io.github.djlssl.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.optimizer.Optimizer;
import io.github.djlssl.core.schedule.Schedule;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the library's DJL optimisers: learning rate and weight decay from {@link Schedule}s at an
 * explicit global step, per-parameter options from {@link ParameterGroups}, state owned by the
 * optimiser and keyed by parameter name, in-place updates, and gradient zeroing.
 *
 * <p><b>Global step.</b> DJL's {@code Optimizer.updateCount} counts updates per parameter id (and
 * per device copy), which is not a step counter. Here {@link #step()} is the number of completed
 * {@code Trainer.step()} calls, and the schedules are evaluated at it (0-based: the first step uses
 * {@code valueAt(0)}). It advances by itself: a step ends when a parameter is updated a second
 * time, so a step that updates only some parameters still counts once. A trainer may also set it
 * explicitly with {@link #setStep(long)} before each {@code Trainer.step()}; both agree.
 *
 * <p><b>Memory.</b> State arrays live in a manager owned by this optimiser (a base manager of the
 * weights' engine, never a step scope, and unregistered from any open {@link NDScope}), so the
 * first step may run inside a per-step sub-manager or an {@code NDScope}. Temporaries of an update
 * live in a scratch sub-manager that is closed at the end of the update; weights, gradients and
 * state are updated in place. {@link #close()} frees the state (DJL's own optimisers never do).
 *
 * <p><b>Gradients.</b> DJL's gradient collector never zeroes gradients; like DJL's engine-backed
 * optimisers, {@code update} zeroes the weight's gradient after using it, so gradient accumulation
 * over several {@code backward} calls before one step works.
 *
 * <p><b>Checkpoints.</b> {@link #stateDict(NDManager)} and {@link #loadStateDict(NDList)} save and
 * restore every buffer, the per-parameter update counts and the global step by parameter name:
 * training, saving, and resuming in a fresh optimiser gives bit-identical weights.
 *
 * <p>Not thread-safe beyond DJL's sequential calls to {@code update}. With several training devices
 * DJL calls {@code update} once per device copy; each device keeps its own state, and the state
 * dict holds the copy on the parameter's own device.
 */
public abstract sealed class ScheduledOptimizer extends Optimizer implements AutoCloseable
        permits Sgd, AdamW, Lars {

    /** Key of the global step (int64 scalar) in {@link #stateDict}. */
    public static final String GLOBAL_STEP = "global_step";

    /** Suffix of a parameter's update count (int64 scalar) in {@link #stateDict}. */
    public static final String UPDATES = "step";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledOptimizer.class);
    private static final NDIndex ALL = new NDIndex("...");

    private final ParameterGroups groups;
    private final Schedule learningRate;
    private final Schedule weightDecay;
    private final Map<String, Map<Device, ParameterState>> states = new LinkedHashMap<>();
    private final Map<Device, StepScalars> scalars = new LinkedHashMap<>();
    private final Set<SlotKey> updatedThisStep = new HashSet<>();
    private long stepIndex;
    private boolean loaded;
    private boolean warnedReplica;
    private NDManager stateManager;
    private boolean closed;

    private record SlotKey(String name, Device device) {}

    /**
     * Creates the optimiser.
     *
     * @param groups the parameters this optimiser updates, with their options
     * @param learningRate the learning rate per global step
     * @param weightDecay the weight-decay coefficient per global step (applied to members with
     *     {@code weightDecay()} only)
     */
    ScheduledOptimizer(ParameterGroups groups, Schedule learningRate, Schedule weightDecay) {
        super(new UnusedBuilder());
        this.groups = Objects.requireNonNull(groups, "groups");
        this.learningRate = Objects.requireNonNull(learningRate, "learningRate");
        this.weightDecay = Objects.requireNonNull(weightDecay, "weightDecay");
    }

    /**
     * Returns the names of the buffers a parameter needs, each shaped like the parameter (e.g.
     * {@code momentum}, or {@code exp_avg} and {@code exp_avg_sq}).
     *
     * @param member the parameter
     * @return the buffer names, possibly empty
     */
    abstract List<String> bufferNames(ParameterGroups.Member member);

    /**
     * Applies one update in place. All arguments are attached to a scratch manager that is closed
     * afterwards, so temporaries need no closing.
     *
     * @param member the parameter and its options
     * @param weight the weight, updated in place
     * @param grad the gradient; must not be modified
     * @param buffers the state buffers named by {@link #bufferNames}, updated in place
     * @param updates the number of updates of this parameter including this one (1 at the first)
     * @param lr the learning rate for this step, already multiplied by the member's scale
     * @param wd the weight-decay coefficient for this step, 0 if the member is excluded
     * @param scalars cached 0-d operands on the weight's device (never pass a {@code Number})
     */
    abstract void apply(
            ParameterGroups.Member member,
            NDArray weight,
            NDArray grad,
            NDArray[] buffers,
            long updates,
            double lr,
            double wd,
            StepScalars scalars);

    /**
     * Returns the number of completed optimiser steps: the step the next {@code Trainer.step()}
     * applies, 0-based.
     *
     * @return the global step
     */
    public synchronized long step() {
        return updatedThisStep.isEmpty() ? stepIndex : stepIndex + 1;
    }

    /**
     * Sets the global step that the next {@code Trainer.step()} applies (the number of completed
     * steps), e.g. when the trainer keeps its own counter.
     *
     * @param step the 0-based step; &ge; 0
     */
    public synchronized void setStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        stepIndex = step;
        updatedThisStep.clear();
        scalars.values().forEach(StepScalars::newStep);
    }

    /**
     * Returns the learning rate the next step uses, before per-parameter scales.
     *
     * @return the scheduled learning rate at {@link #step()}
     */
    public double learningRate() {
        return learningRate.valueAt(step());
    }

    /**
     * Returns the weight decay the next step uses for decayed parameters.
     *
     * @return the scheduled weight decay at {@link #step()}
     */
    public double weightDecay() {
        return weightDecay.valueAt(step());
    }

    /**
     * Returns the parameters and their options.
     *
     * @return the groups this optimiser was built with
     */
    public ParameterGroups parameterGroups() {
        return groups;
    }

    /**
     * Updates one parameter in place and zeroes its gradient; called by DJL's parameter server once
     * per parameter (and device) in each {@code Trainer.step()}.
     *
     * @param parameterId {@link ai.djl.nn.Parameter#getId()}
     * @param weight the parameter array
     * @param grad the gradient to apply (DJL passes a copy of the summed gradient)
     */
    @Override
    public final synchronized void update(String parameterId, NDArray weight, NDArray grad) {
        if (closed) {
            throw new IllegalStateException("Optimizer is closed");
        }
        ParameterGroups.Member member = groups.byId(parameterId);
        Device device = weight.getDevice();
        SlotKey key = new SlotKey(member.name(), device);
        if (!updatedThisStep.add(key)) {
            stepIndex++; // second update of a parameter: the previous step is complete
            updatedThisStep.clear();
            updatedThisStep.add(key);
            scalars.values().forEach(StepScalars::newStep);
        }
        ParameterState state = stateFor(member, weight);
        state.updates++;
        double lr = learningRate.valueAt(stepIndex) * member.lrScale();
        double wd = member.weightDecay() ? weightDecay.valueAt(stepIndex) : 0.0;
        try (NDManager scratch = stateManager.newSubManager(device)) {
            weight.tempAttach(scratch);
            grad.tempAttach(scratch);
            for (NDArray b : state.buffers) {
                b.tempAttach(scratch);
            }
            StepScalars deviceScalars =
                    scalars.computeIfAbsent(device, d -> new StepScalars(stateManager, d));
            apply(member, weight, grad, state.buffers, state.updates, lr, wd, deviceScalars);
            zeroGradient(weight, deviceScalars.constant(0));
        }
    }

    /**
     * Returns a copy of the optimiser state as named arrays: {@code <name>.<buffer>} for each
     * buffer (e.g. {@code 01Linear_weight.exp_avg}), {@code <name>.step} (int64 scalar, updates of
     * that parameter) for every parameter updated so far, and {@code global_step} (int64 scalar).
     * Save it next to the weights, e.g. with {@code NDList.encode(os, Encoding.SAFETENSORS)}.
     *
     * @param manager receives the copies (the caller closes them)
     * @return the state
     */
    public synchronized NDList stateDict(NDManager manager) {
        NDList out = new NDList();
        NDArray global = manager.create(step());
        global.setName(GLOBAL_STEP);
        out.add(global);
        for (ParameterGroups.Member member : groups.members()) {
            ParameterState state = primary(member);
            if (state == null) {
                continue;
            }
            List<String> names = bufferNames(member);
            for (int i = 0; i < names.size(); i++) {
                NDArray copy = state.buffers[i].duplicate();
                copy.attach(manager);
                copy.setName(member.name() + "." + names.get(i));
                out.add(copy);
            }
            NDArray updates = manager.create(state.updates);
            updates.setName(member.name() + "." + UPDATES);
            out.add(updates);
        }
        return out;
    }

    /**
     * Replaces the optimiser state with one saved by {@link #stateDict}: buffers are copied into
     * existing state in place (or created on the parameter's device), update counts and the global
     * step are restored, and state of parameters absent from {@code dict} is dropped, so the result
     * equals the optimiser that saved it. Call after the block is initialised. Nothing is changed
     * if the dict is invalid.
     *
     * @param dict arrays named as by {@link #stateDict}; not modified, still owned by the caller
     * @throws IllegalArgumentException on a missing, unknown, duplicate or wrongly shaped entry
     */
    public synchronized void loadStateDict(NDList dict) {
        if (closed) {
            throw new IllegalStateException("Optimizer is closed");
        }
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray a : dict) {
            String name = a.getName();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("Optimizer state entry without a name: " + a);
            }
            if (byName.put(name, a) != null) {
                throw new IllegalArgumentException("Duplicate optimizer state entry " + name);
            }
        }
        NDArray global = byName.remove(GLOBAL_STEP);
        if (global == null || global.size() != 1) {
            throw new IllegalArgumentException("Optimizer state has no scalar " + GLOBAL_STEP);
        }
        Map<ParameterGroups.Member, NDArray[]> restored = new LinkedHashMap<>();
        Map<ParameterGroups.Member, Long> updates = new LinkedHashMap<>();
        for (ParameterGroups.Member member : groups.members()) {
            String counter = member.name() + "." + UPDATES;
            NDArray count = byName.remove(counter);
            List<String> names = bufferNames(member);
            NDArray[] buffers = new NDArray[names.size()];
            for (int i = 0; i < buffers.length; i++) {
                String entry = member.name() + "." + names.get(i);
                buffers[i] = byName.remove(entry);
                if (buffers[i] == null && count != null) {
                    throw new IllegalArgumentException("Optimizer state is missing " + entry);
                }
                if (buffers[i] != null && count == null) {
                    throw new IllegalArgumentException("Optimizer state is missing " + counter);
                }
                if (buffers[i] != null
                        && !buffers[i]
                                .getShape()
                                .equals(member.parameter().getArray().getShape())) {
                    throw new IllegalArgumentException(
                            "Optimizer state "
                                    + entry
                                    + " has shape "
                                    + buffers[i].getShape()
                                    + " but the parameter has shape "
                                    + member.parameter().getArray().getShape());
                }
            }
            if (count != null) {
                if (count.size() != 1) {
                    throw new IllegalArgumentException(counter + " must be a scalar");
                }
                restored.put(member, buffers);
                updates.put(member, scalarLong(count));
            }
        }
        if (!byName.isEmpty()) {
            throw new IllegalArgumentException(
                    "Optimizer state has entries for unknown parameters or buffers: "
                            + byName.keySet());
        }
        long globalStep = scalarLong(global);
        if (globalStep < 0) {
            throw new IllegalArgumentException(GLOBAL_STEP + " must be >= 0, got " + globalStep);
        }

        // Validated: now replace the state.
        for (Map<Device, ParameterState> perDevice : states.values()) {
            perDevice.values().forEach(ParameterState::close);
        }
        states.clear();
        for (Map.Entry<ParameterGroups.Member, NDArray[]> e : restored.entrySet()) {
            ParameterGroups.Member member = e.getKey();
            NDArray weight = member.parameter().getArray();
            ParameterState state = stateFor(member, weight);
            state.updates = updates.get(member);
            try (NDManager scratch = stateManager.newSubManager(weight.getDevice())) {
                for (int i = 0; i < state.buffers.length; i++) {
                    NDArray src = e.getValue()[i];
                    NDArray dst = state.buffers[i];
                    src.tempAttach(scratch);
                    dst.set(
                            ALL,
                            src.toType(dst.getDataType(), false).toDevice(dst.getDevice(), false));
                }
            }
        }
        stepIndex = globalStep;
        updatedThisStep.clear();
        scalars.values().forEach(StepScalars::newStep);
        loaded = true;
    }

    /** Frees all optimiser state; the optimiser cannot be used afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        states.clear();
        scalars.clear();
        if (stateManager != null) {
            stateManager.close();
        }
    }

    /** Returns the number of state buffers held, for tests. */
    synchronized int stateBufferCount() {
        int n = 0;
        for (Map<Device, ParameterState> perDevice : states.values()) {
            for (ParameterState state : perDevice.values()) {
                n += state.buffers.length;
            }
        }
        return n;
    }

    /**
     * Returns the number of arrays the optimiser's manager holds (state and scalars), for tests.
     */
    synchronized int managedArrayCount() {
        return stateManager == null ? 0 : stateManager.getManagedArrays().size();
    }

    private ParameterState primary(ParameterGroups.Member member) {
        Map<Device, ParameterState> perDevice = states.get(member.name());
        if (perDevice == null || perDevice.isEmpty()) {
            return null;
        }
        ParameterState own = perDevice.get(member.parameter().getArray().getDevice());
        return own != null ? own : perDevice.values().iterator().next();
    }

    private ParameterState stateFor(ParameterGroups.Member member, NDArray weight) {
        Device device = weight.getDevice();
        Map<Device, ParameterState> perDevice =
                states.computeIfAbsent(member.name(), k -> new LinkedHashMap<>());
        ParameterState state = perDevice.get(device);
        if (state != null) {
            return state;
        }
        if (stateManager == null) {
            stateManager = weight.getManager().getEngine().newBaseManager(device);
        }
        if (loaded && !perDevice.isEmpty() && !warnedReplica) {
            warnedReplica = true;
            LOG.warn(
                    "Optimizer state for {} on {} starts empty after a resume: only the state of"
                            + " each parameter's own device is checkpointed",
                    member.name(),
                    device);
        }
        List<String> names = bufferNames(member);
        NDArray[] buffers = new NDArray[names.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = stateManager.zeros(weight.getShape(), weight.getDataType(), device);
            buffers[i].setName(member.name() + "." + names.get(i));
            NDScope.unregister(buffers[i]); // an open NDScope must not free long-lived state
        }
        state = new ParameterState(buffers);
        perDevice.put(device, state);
        return state;
    }

    private static long scalarLong(NDArray scalar) {
        if (scalar.getDataType() == DataType.INT64) {
            return scalar.toLongArray()[0];
        }
        try (NDArray converted = scalar.toType(DataType.INT64, true)) {
            return converted.toLongArray()[0];
        }
    }

    /** Zeroes {@code weight}'s gradient in place (PyTorch {@code grad.zero_()}, NaN-safe). */
    private static void zeroGradient(NDArray weight, NDArray zero) {
        if (!weight.hasGradient()) {
            return;
        }
        NDArray grad;
        try {
            grad = weight.getGradient(); // a view, attached to the scratch manager
        } catch (IllegalStateException e) {
            return; // requires a gradient but none was computed yet: nothing to zero
        }
        grad.set(ALL, zero);
    }

    /** DJL's base constructor wants a builder; its clip/rescale/decay options are unused here. */
    private static final class UnusedBuilder extends OptimizerBuilder<UnusedBuilder> {
        @Override
        protected UnusedBuilder self() {
            return this;
        }
    }
}
