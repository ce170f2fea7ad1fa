package io.github.djlssl.examples.bench;

import io.github.djlssl.core.train.ProcessMemory;
import io.github.djlssl.core.train.StepObserver;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects what {@link io.github.djlssl.core.train.SslTrainer} reports per step: data wait and
 * iteration time of every timed step (after warm-up), the process CPU time they used, the peak
 * heap in use, and — for a soak — heap-after-GC and resident memory every {@code sampleEvery}
 * steps.
 */
final class StepRecorder implements StepObserver {

    private final int warmup;
    private final int sampleEvery;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    // Preallocated: a soak measures the trainer's heap, so the recorder must not grow with it.
    private final long[][] timed;
    private int count;
    private final List<MemorySample> samples;
    private long peakHeap;
    private long cpuAtLastStep = -1;

    /**
     * Creates a recorder.
     *
     * @param warmup steps not timed
     * @param timedSteps steps after the warm-up
     * @param sampleEvery take a memory sample every this many steps; 0 = never
     */
    StepRecorder(int warmup, int timedSteps, int sampleEvery) {
        this.warmup = warmup;
        this.sampleEvery = sampleEvery;
        this.timed = new long[3][timedSteps];
        this.samples = new ArrayList<>(sampleEvery == 0 ? 0 : (warmup + timedSteps) / sampleEvery + 1);
    }

    @Override
    public void stepFinished(long step, long dataWaitNanos, long iterationNanos) {
        long cpu = os.getProcessCpuTime();
        peakHeap = Math.max(peakHeap, ProcessMemory.heapUsedBytes());
        if (step >= warmup && count < timed[0].length) {
            timed[0][count] = dataWaitNanos;
            timed[1][count] = iterationNanos;
            timed[2][count] = cpuAtLastStep < 0 ? -1 : cpu - cpuAtLastStep;
            count++;
        }
        if (sampleEvery > 0 && (step + 1) % sampleEvery == 0) {
            System.gc();
            samples.add(new MemorySample(step + 1, ProcessMemory.heapUsedBytes(), ProcessMemory.residentBytes()));
            cpu = os.getProcessCpuTime(); // the GC's CPU time is not the next step's
        }
        cpuAtLastStep = cpu;
    }

    /** @return timed steps so far */
    int timedSteps() {
        return count;
    }

    /** @return the peak heap in use seen at any step end, bytes */
    long peakHeapBytes() {
        return peakHeap;
    }

    /** @return the soak samples in step order */
    List<MemorySample> samples() {
        return List.copyOf(samples);
    }

    /**
     * Returns a quantile of the timed iteration times.
     *
     * @param q in [0, 1]
     * @return milliseconds
     */
    double iterationMillis(double q) {
        return quantile(column(1), q) / 1e6;
    }

    /** @return median process CPU time per timed step (all threads), milliseconds; -1 if unknown */
    double medianCpuMillis() {
        long[] cpu = Arrays.stream(column(2)).filter(v -> v >= 0).toArray();
        return cpu.length == 0 ? -1 : quantile(cpu, 0.5) / 1e6;
    }

    /** @return total data wait over total iteration time of the timed steps, in [0, 1] */
    double dataWaitShare() {
        long wait = Arrays.stream(column(0)).sum();
        long all = Arrays.stream(column(1)).sum();
        return all == 0 ? 0 : (double) wait / all;
    }

    private long[] column(int i) {
        return Arrays.copyOf(timed[i], count);
    }

    /**
     * Returns a quantile: the usual median for {@code q = 0.5}, the nearest rank otherwise.
     *
     * @param values samples (not modified)
     * @param q in [0, 1]
     * @return the quantile, NaN for no samples
     */
    static double quantile(long[] values, double q) {
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        long[] s = values.clone();
        Arrays.sort(s);
        if (q == 0.5) {
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
        }
        int rank = (int) Math.ceil(q * n);
        return s[Math.max(0, Math.min(n - 1, rank - 1))];
    }
}
