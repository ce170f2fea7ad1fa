package io.github.djlssl.core.method;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one forward pass: the scalar loss to back-propagate and named scalar metrics.
 *
 * <p>Metrics stay NDArrays: the trainer reads them to the host only at its log interval, so a
 * step never waits on a device sync for logging.
 *
 * @param loss scalar loss that takes part in the gradient graph
 * @param metrics named scalars for logging (detached by the trainer), in insertion order
 */
public record LossOutput(NDArray loss, Map<String, NDArray> metrics) {

    /** Validates and copies the metric map. */
    public LossOutput {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * Wraps a loss with no extra metrics.
     *
     * @param loss the scalar loss
     * @return the output
     */
    public static LossOutput of(NDArray loss) {
        return new LossOutput(loss, Map.of());
    }

    /**
     * Returns a copy with one more metric.
     *
     * @param name metric name, e.g. {@code positive_similarity}
     * @param value scalar value
     * @return the extended output
     */
    public LossOutput with(String name, NDArray value) {
        Map<String, NDArray> m = new LinkedHashMap<>(metrics);
        m.put(name, value);
        return new LossOutput(loss, m);
    }
}
