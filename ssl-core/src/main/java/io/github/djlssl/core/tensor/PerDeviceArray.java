package io.github.djlssl.core.tensor;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A constant array — a fixed sin-cos position table, say — kept once per device, so that a block
 * trained on several devices finds its copy on each without a copy per step.
 *
 * <p>Each copy is made by the factory in the manager passed to {@link #get} (the parameter
 * store's, which lives as long as the model), moved to the device when that manager lives
 * elsewhere, and made again if something released it.
 */
public final class PerDeviceArray {

    private final Map<Device, NDArray> copies = new ConcurrentHashMap<>();
    private final Function<NDManager, NDArray> factory;

    /**
     * Creates an empty cache.
     *
     * @param factory makes the array in the given manager (on that manager's device)
     */
    public PerDeviceArray(Function<NDManager, NDArray> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Returns the copy on {@code device}, making it the first time.
     *
     * @param owner the manager that owns a new copy
     * @param device where the copy is needed
     * @return the array on {@code device}; owned by the cache's owner, do not close it
     */
    public NDArray get(NDManager owner, Device device) {
        return copies.compute(
                device, (d, cached) -> cached != null && !cached.isReleased() ? cached : create(owner, d));
    }

    /**
     * Makes the copy on the owner's own device now (a block's initialisation).
     *
     * @param owner the manager that owns the copy
     */
    public void prepare(NDManager owner) {
        copies.put(owner.getDevice(), create(owner, owner.getDevice()));
    }

    private NDArray create(NDManager owner, Device device) {
        NDArray made = factory.apply(owner);
        if (made.getDevice().equals(device)) {
            return made;
        }
        NDArray moved = made.toDevice(device, false);
        moved.attach(owner);
        made.close();
        return moved;
    }
}
