package io.github.djlssl.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.augment.AugmentationPipeline;
import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.augment.BatchAugmentation;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.augment.ToFloat;
import io.github.djlssl.core.random.Rng;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures the throughput of SimCLR's two-view augmentation ({@link AugmentationPresets#simclr})
 * on a synthetic uint8 batch: median wall time of repeated {@link MultiView#generate} calls,
 * reported as source images/s (one source image gives two views) and views/s.
 *
 * <p>Arguments: {@code --batch 256 --size 32 --channels 3 --repeats 30 --warmup 5 --threads 2
 * [--ops]}. {@code --threads} sets {@code ai.djl.pytorch.num_threads} before the engine starts;
 * {@code --ops} also prints the median time of each op of one view's pipeline, applied alone to a
 * float batch (the profile behind docs/benchmarks.md).
 */
public final class AugmentationBenchmark {

    /**
     * The measured numbers of one run.
     *
     * @param batch source images per call
     * @param size image side in pixels
     * @param channels channels per image
     * @param threads PyTorch intra-op threads
     * @param repeats timed calls
     * @param medianMillis median wall time of one call (both views, synchronised)
     * @param minMillis fastest call
     * @param maxMillis slowest call
     * @param medianCpuMillis median process CPU time of one call (all threads): what the call
     *     costs the machine, which stays meaningful when other processes share the cores
     */
    public record Result(int batch, int size, int channels, int threads, int repeats,
            double medianMillis, double minMillis, double maxMillis, double medianCpuMillis) {

        /**
         * Returns source images per second at the median.
         *
         * @return batch / median seconds
         */
        public double sourceImagesPerSecond() {
            return batch / (medianMillis / 1000.0);
        }

        /**
         * Returns augmented views per second at the median (two per source image).
         *
         * @return 2 * batch / median seconds
         */
        public double viewsPerSecond() {
            return 2 * sourceImagesPerSecond();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "SimCLR 2-view augmentation: batch %d x %d x %dpx, %d thread(s), %d repeats: "
                            + "median %.2f ms (min %.2f, max %.2f; CPU %.2f ms) -> "
                            + "%.0f source images/s, %.0f views/s",
                    batch, channels, size, threads, repeats, medianMillis, minMillis, maxMillis,
                    medianCpuMillis, sourceImagesPerSecond(), viewsPerSecond());
        }
    }

    private AugmentationBenchmark() {}

    /**
     * Runs the benchmark and prints the result.
     *
     * @param args see the class documentation
     */
    public static void main(String[] args) {
        System.out.println(run(args));
        if (Arrays.asList(args).contains("--ops")) {
            profileOps(intArg(args, "--batch", 256), intArg(args, "--size", 32),
                    intArg(args, "--channels", 3), intArg(args, "--repeats", 30));
        }
    }

    /** Prints the median wall time of each op of the first SimCLR view, applied alone. */
    private static void profileOps(int batch, int size, int channels, int repeats) {
        BatchAugmentation pipeline =
                AugmentationPresets.simclr(size, channels).views().get(0).pipeline();
        Rng rng = Rng.of(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = ToFloat.create()
                    .apply(syntheticBatch(manager, batch, channels, size), rng);
            for (BatchAugmentation op : ((AugmentationPipeline) pipeline).ops()) {
                double[] millis = new double[repeats];
                for (int i = 0; i < repeats + 3; i++) {
                    long start = System.nanoTime();
                    try (NDArray out = op.apply(images, rng);
                            NDArray pixel = out.get(0, 0, 0, 0)) {
                        pixel.getFloat();
                    }
                    if (i >= 3) {
                        millis[i - 3] = (System.nanoTime() - start) / 1e6;
                    }
                }
                Arrays.sort(millis);
                System.out.printf(Locale.ROOT, "  %-100s %8.2f ms%n", op, millis[repeats / 2]);
            }
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args see the class documentation
     * @return the measured numbers
     */
    public static Result run(String[] args) {
        int batch = intArg(args, "--batch", 256);
        int size = intArg(args, "--size", 32);
        int channels = intArg(args, "--channels", 3);
        int repeats = intArg(args, "--repeats", 30);
        int warmup = intArg(args, "--warmup", 5);
        int threads = intArg(args, "--threads", 2);
        if (batch <= 0 || size <= 0 || repeats <= 0 || warmup < 0 || threads <= 0) {
            throw new IllegalArgumentException("batch, size, repeats and threads must be > 0 and"
                    + " warmup >= 0, got " + Arrays.toString(args));
        }
        // Must be set before the engine loads; the machine this targets has 2 cores.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        MultiView views = AugmentationPresets.simclr(size, channels);
        Rng rng = Rng.of(0);
        double[] millis = new double[repeats];
        double[] cpuMillis = new double[repeats];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = syntheticBatch(manager, batch, channels, size);
            for (int i = 0; i < warmup + repeats; i++) {
                long start = System.nanoTime();
                long cpuStart = os.getProcessCpuTime();
                List<NDArray> out = views.generate(images, rng);
                for (NDArray view : out) {
                    try (NDArray pixel = view.get(0, 0, 0, 0)) {
                        pixel.getFloat(); // waits for the device (no-op on CPU)
                    }
                }
                long elapsed = System.nanoTime() - start;
                long cpu = os.getProcessCpuTime() - cpuStart;
                out.forEach(NDArray::close);
                if (i >= warmup) {
                    millis[i - warmup] = elapsed / 1e6;
                    cpuMillis[i - warmup] = cpu / 1e6;
                }
            }
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        Arrays.sort(cpuMillis);
        return new Result(batch, size, channels, threads, repeats, sorted[repeats / 2],
                sorted[0], sorted[repeats - 1], cpuMillis[repeats / 2]);
    }

    private static NDArray syntheticBatch(NDManager manager, int batch, int channels, int size) {
        byte[] data = new byte[batch * channels * size * size];
        Rng rng = Rng.of(1234);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) rng.nextInt(256);
        }
        return manager.create(ByteBuffer.wrap(data), new Shape(batch, channels, size, size),
                DataType.UINT8);
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
