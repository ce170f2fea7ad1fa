package io.github.djlssl.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.data.BatchLoader;
import io.github.djlssl.core.data.EpochIterator;
import io.github.djlssl.core.data.ImageBatch;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.random.Rng;
import java.util.List;

/**
 * The data pipeline alone, without a model: how fast the {@link BatchLoader} delivers uint8
 * batches (worker threads assembling, the consumer uploading), and how fast the method's views
 * are built from them on the device. The trainer's step contains the view generation, so its
 * time is reported as a share of the step rather than as data wait.
 *
 * @param loaderImagesPerSecond source images per second delivered by the loader to a consumer
 *     that does nothing else
 * @param viewsMillis median time to generate one batch's views (all crops), milliseconds
 * @param viewsCpuMillis median process CPU time of one batch's views (all threads), milliseconds
 * @param viewsImagesPerSecond source images per second through loader + view generation
 */
public record PipelineThroughput(double loaderImagesPerSecond, double viewsMillis, double viewsCpuMillis,
        double viewsImagesPerSecond) {

    /**
     * Measures both parts on {@code batches} batches of the source.
     *
     * @param source images
     * @param batchSize images per batch
     * @param batches batches to time (≥ 1; the first of each part is a warm-up and not timed)
     * @param views the method's view generator
     * @param manager where batches and views are created (its device)
     * @param seed seeds the loader order and the augmentation draws
     * @return the throughputs
     */
    static PipelineThroughput measure(ImageSource source, int batchSize, int batches, MultiView views,
            NDManager manager, long seed) {
        BatchLoader loader = BatchLoader.builder(source).batchSize(batchSize).dropLast(true).seed(seed).build();
        int n = Math.min(batches + 1, loader.batchesPerEpoch());
        long loadNanos = 0;
        long[] viewNanos = new long[n - 1];
        long[] viewCpuNanos = new long[n - 1];
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (EpochIterator it = loader.epoch(0, manager)) {
            long start = 0;
            for (int i = 0; i < n && it.hasNext(); i++) {
                try (ImageBatch b = it.next()) {
                    if (i == 0) {
                        start = System.nanoTime(); // the first batch pays the worker start-up
                    }
                }
            }
            loadNanos = System.nanoTime() - start;
        }
        try (EpochIterator it = loader.epoch(1, manager)) {
            for (int i = 0; i < n && it.hasNext(); i++) {
                try (ImageBatch b = it.next(); NDManager scope = manager.newSubManager()) {
                    NDArray u8 = b.images();
                    u8.attach(scope);
                    long t0 = System.nanoTime();
                    long c0 = os.getProcessCpuTime();
                    List<NDArray> out = views.generate(u8, Rng.derive(seed, i));
                    for (NDArray v : out) {
                        v.getFloat(0, 0, 0, 0); // a device sync; free on CPU
                    }
                    if (i > 0) {
                        viewNanos[i - 1] = System.nanoTime() - t0;
                        viewCpuNanos[i - 1] = os.getProcessCpuTime() - c0;
                    }
                }
            }
        }
        double loaderRate = (n - 1) * (double) batchSize / (loadNanos / 1e9);
        double viewMs = StepRecorder.quantile(viewNanos, 0.5) / 1e6;
        double perBatchSeconds = batchSize / loaderRate + viewMs / 1e3;
        return new PipelineThroughput(loaderRate, viewMs, StepRecorder.quantile(viewCpuNanos, 0.5) / 1e6,
                batchSize / perBatchSeconds);
    }
}
