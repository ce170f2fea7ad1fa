package io.github.djlssl.examples.bench;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How much a memory series moved during a soak: the median of the last quarter of the samples
 * taken after warm-up against the median of the first quarter, as a fraction. A leak of even a
 * few KB per step shows as steady growth over 2,000 steps; allocator noise moves single samples
 * but not quarter medians.
 *
 * @param firstQuarterMb median of the first quarter, MB
 * @param lastQuarterMb median of the last quarter, MB
 * @param drift (last − first) / first
 */
public record MemoryDrift(double firstQuarterMb, double lastQuarterMb, double drift) {

    /**
     * Measures one series.
     *
     * @param samples the soak samples in step order
     * @param afterStep only samples taken after this step count (the warm-up)
     * @param bytes which value of a sample
     * @return the drift; NaN fields when fewer than 4 samples remain
     */
    static MemoryDrift of(List<MemorySample> samples, long afterStep,
            ToLongFunction<MemorySample> bytes) {
        long[] v = samples.stream().filter(s -> s.step() > afterStep).mapToLong(bytes).toArray();
        if (v.length < 4) {
            return new MemoryDrift(Double.NaN, Double.NaN, Double.NaN);
        }
        int q = v.length / 4;
        double first = StepRecorder.quantile(java.util.Arrays.copyOfRange(v, 0, q), 0.5) / (1 << 20);
        double last = StepRecorder.quantile(java.util.Arrays.copyOfRange(v, v.length - q, v.length), 0.5) / (1 << 20);
        return new MemoryDrift(first, last, (last - first) / first);
    }

    /**
     * Whether the series stayed within a tolerance.
     *
     * @param tolerance e.g. 0.05 for ±5 %
     * @return true when |drift| ≤ tolerance (and it was measured)
     */
    boolean within(double tolerance) {
        return !Double.isNaN(drift) && Math.abs(drift) <= tolerance;
    }
}
