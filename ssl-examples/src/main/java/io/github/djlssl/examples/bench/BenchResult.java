package io.github.djlssl.examples.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The numbers of one {@code djl-ssl bench} run: step throughput and latency, the data pipeline's
 * share and its own throughput, peak memory and, after a soak, the memory drift.
 *
 * @param method method id
 * @param encoder encoder label ({@code resnet18-w64}, {@code vit-tiny/4})
 * @param imageSize image side in pixels
 * @param batch images per step
 * @param threads engine intra-op threads (-1 = the engine's default)
 * @param device the devices
 * @param steps timed steps
 * @param stepMillisP50 median iteration time, ms
 * @param stepMillisP90 90th-percentile iteration time, ms
 * @param cpuMillisP50 median process CPU time per step (all threads), ms: the cost that stays
 *     meaningful on a shared machine
 * @param dataWaitShare fraction of step time spent blocked on the loader
 * @param pipeline the data pipeline measured alone
 * @param peakHeapMb peak heap in use, MB
 * @param peakRssMb peak resident set size of the process, MB
 * @param heapDrift heap-after-GC drift of a soak (null without one)
 * @param rssDrift resident-memory drift of a soak (null without one)
 * @param samples the soak's memory samples (empty without one)
 */
public record BenchResult(
        String method,
        String encoder,
        int imageSize,
        int batch,
        int threads,
        String device,
        int steps,
        double stepMillisP50,
        double stepMillisP90,
        double cpuMillisP50,
        double dataWaitShare,
        PipelineThroughput pipeline,
        double peakHeapMb,
        double peakRssMb,
        MemoryDrift heapDrift,
        MemoryDrift rssDrift,
        List<MemorySample> samples) {

    /** Copies the samples. */
    public BenchResult {
        samples = List.copyOf(samples);
    }

    /** Drift tolerance of a soak: ±5 % after warm-up (issue 7). */
    public static final double SOAK_TOLERANCE = 0.05;

    /** @return images per second at the median step time */
    public double imagesPerSecond() {
        return batch / (stepMillisP50 / 1000.0);
    }

    /** @return whether a soak ran and both memory series stayed within ±5 % */
    public boolean soakPassed() {
        return heapDrift != null && heapDrift.within(SOAK_TOLERANCE) && rssDrift.within(SOAK_TOLERANCE);
    }

    /** @return the machine-readable fields, in a fixed order */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("method", method);
        f.put("encoder", encoder);
        f.put("image_size", imageSize);
        f.put("batch", batch);
        f.put("threads", threads);
        f.put("device", device);
        f.put("steps", steps);
        f.put("images_per_sec", round(imagesPerSecond()));
        f.put("step_ms_p50", round(stepMillisP50));
        f.put("step_ms_p90", round(stepMillisP90));
        f.put("cpu_ms_p50", round(cpuMillisP50));
        f.put("data_wait_pct", round(100 * dataWaitShare));
        f.put("loader_images_per_sec", round(pipeline.loaderImagesPerSecond()));
        f.put("views_ms", round(pipeline.viewsMillis()));
        f.put("views_cpu_ms", round(pipeline.viewsCpuMillis()));
        f.put("views_pct_of_step", round(100 * pipeline.viewsMillis() / stepMillisP50));
        f.put("pipeline_images_per_sec", round(pipeline.viewsImagesPerSecond()));
        f.put("peak_heap_mb", round(peakHeapMb));
        f.put("peak_rss_mb", round(peakRssMb));
        if (heapDrift != null) {
            f.put("heap_after_gc_mb_first", round(heapDrift.firstQuarterMb()));
            f.put("heap_after_gc_mb_last", round(heapDrift.lastQuarterMb()));
            f.put("heap_drift_pct", round(100 * heapDrift.drift()));
            f.put("rss_mb_first", round(rssDrift.firstQuarterMb()));
            f.put("rss_mb_last", round(rssDrift.lastQuarterMb()));
            f.put("rss_drift_pct", round(100 * rssDrift.drift()));
            f.put("soak_passed", soakPassed());
        }
        return f;
    }

    /** @return one JSON object on one line */
    public String toJson() {
        return fields().entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + (e.getValue() instanceof String s ? "\"" + s + "\"" : e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** @return the CSV header line */
    public String csvHeader() {
        return String.join(",", fields().keySet());
    }

    /** @return the CSV row */
    public String csvRow() {
        return fields().values().stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** @return a small human-readable table */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s × %s, %d px, batch %d, %s, %s threads, %d timed steps%n",
                method, encoder, imageSize, batch, device, threads < 0 ? "default" : String.valueOf(threads), steps));
        row(sb, "training images/s (median step)", "%.1f", imagesPerSecond());
        row(sb, "step ms p50 / p90", "%.1f / %.1f", stepMillisP50, stepMillisP90);
        row(sb, "CPU ms per step (all threads, p50)", "%.1f", cpuMillisP50);
        row(sb, "data wait share of step", "%.2f %%", 100 * dataWaitShare);
        row(sb, "loader alone images/s", "%.0f", pipeline.loaderImagesPerSecond());
        row(sb, "view generation ms / share of step", "%.1f / %.1f %%", pipeline.viewsMillis(),
                100 * pipeline.viewsMillis() / stepMillisP50);
        row(sb, "pipeline (loader + views) images/s", "%.0f", pipeline.viewsImagesPerSecond());
        row(sb, "peak heap MB / peak RSS MB", "%.0f / %.0f", peakHeapMb, peakRssMb);
        if (heapDrift != null) {
            row(sb, "soak heap-after-GC MB first → last quarter", "%.1f → %.1f (%+.1f %%)",
                    heapDrift.firstQuarterMb(), heapDrift.lastQuarterMb(), 100 * heapDrift.drift());
            row(sb, "soak RSS MB first → last quarter", "%.0f → %.0f (%+.1f %%)",
                    rssDrift.firstQuarterMb(), rssDrift.lastQuarterMb(), 100 * rssDrift.drift());
            row(sb, "soak within ±5 %", "%s", soakPassed() ? "yes" : "NO");
            sb.append("  samples (step heap-after-GC-MB RSS-MB):");
            for (MemorySample m : samples) {
                sb.append(String.format(Locale.ROOT, " %d:%.1f:%.0f", m.step(), m.heapAfterGcBytes() / 1048576.0,
                        m.residentBytes() / 1048576.0));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, String fmt, Object... args) {
        sb.append(String.format(Locale.ROOT, "  %-44s " + fmt + "%n", concat(name, args)));
    }

    private static Object[] concat(String first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
