package io.github.djlssl.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.data.BatchLoader;
import io.github.djlssl.core.data.EpochIterator;
import io.github.djlssl.core.data.ImageBatch;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.engine.OneDnnIsaGuard;
import io.github.djlssl.core.eval.KnnMonitor;
import io.github.djlssl.core.eval.KnnResult;
import io.github.djlssl.core.io.AtomicFiles;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.optim.GradientClipping;
import io.github.djlssl.core.optim.ScheduledOptimizer;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.schedule.Schedule;
import io.github.djlssl.core.tensor.Scalars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one training loop every method runs in.
 *
 * <p>Per step: draw a uint8 batch (prefetched on worker threads), build the method's views on the
 * device, run {@link SslMethod#loss} inside a gradient collector, back-propagate, clip, apply the
 * optimiser, call {@link SslMethod#afterStep}. Every array of a step lives in its own sub-manager
 * that is closed when the step ends, so memory stays flat. Losses stay on the device until the
 * log interval; then one copy brings a window of them back for the divergence guard, the metrics
 * file and the progress bar.
 *
 * <p>Randomness is a pure function of the seed: shuffles of epoch e, the augmentation and mask
 * draws of step s. A checkpoint therefore needs only its position to resume the same stream, and
 * a resumed run on CPU reproduces the uninterrupted loss curve.
 */
public final class SslTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SslTrainer.class);

    private final TrainerConfig config;
    private final StepObserver observer;

    /**
     * Creates a trainer.
     *
     * @param config run settings
     */
    public SslTrainer(TrainerConfig config) {
        this(config, null);
    }

    /**
     * Creates a trainer that reports each step's timing (for benchmarks).
     *
     * @param config run settings
     * @param observer receives every step's data wait and iteration time; {@code null} = none
     */
    public SslTrainer(TrainerConfig config, StepObserver observer) {
        OneDnnIsaGuard.apply(); // in time if the caller has run no libtorch op yet
        this.config = config;
        this.observer = observer;
    }

    /**
     * Returns the run settings.
     *
     * @return the config
     */
    public TrainerConfig config() {
        return config;
    }

    /**
     * Trains {@code method} on {@code train}, writing {@code metrics.jsonl}, {@code
     * checkpoints/} and {@code encoder.params} under {@code runDir}.
     *
     * @param method the method, created on a manager of the first training device
     * @param train the training images
     * @param runDir the run directory (created if needed)
     * @param resume continue from the newest readable checkpoint in {@code runDir}, if any
     * @param monitor optional kNN monitor, evaluated at the epochs it says are due
     * @return what the run did
     * @throws IOException when the run directory cannot be written
     * @throws DivergenceException when the loss becomes NaN or infinite
     */
    public TrainingSummary fit(
            SslMethod method, ImageSource train, Path runDir, boolean resume, KnnMonitor monitor)
            throws IOException {
        Device[] devices = Devices.parse(config.devices());
        if (devices.length > 1 && config.optimizer().clipGradNorm() > 0) {
            throw new IllegalArgumentException(
                    "gradient clipping with more than one device is not supported; set clip=0");
        }
        BatchLoader loader =
                BatchLoader.builder(train)
                        .batchSize(config.batchSize())
                        .shuffle(true)
                        .dropLast(true)
                        .seed(config.seed())
                        .build();
        int stepsPerEpoch = loader.batchesPerEpoch();
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException(
                    train.description() + " has fewer images than one batch of " + config.batchSize());
        }
        long totalSteps = (long) stepsPerEpoch * config.epochs();
        AtomicFiles.createDirectories(runDir);
        Checkpoints checkpoints = new Checkpoints(runDir.resolve("checkpoints"));
        checkpoints.removeTemporaries();
        for (Path stale : AtomicFiles.removeTemporaries(runDir)) {
            LOG.info("removed {}, a file an interrupted run did not finish writing", stale);
        }
        Path metricsFile = runDir.resolve("metrics.jsonl");

        try (NDManager runManager = NDManager.newBaseManager(devices[0]);
                ScheduledOptimizer optimizer =
                        config.optimizer().build(method.parameterGroups(), totalSteps, stepsPerEpoch)) {
            Schedule learningRate = config.optimizer().learningRateSchedule(totalSteps, stepsPerEpoch);
            ParameterStore store = new ParameterStore(runManager, false);
            store.setParameterServer(new DataParallelParameterServer(optimizer), devices);

            int startEpoch = 0;
            long step = 0;
            String lastCheckpoint = "none";
            if (!resume && (!checkpoints.list().isEmpty() || Files.exists(metricsFile))) {
                LOG.warn("{} holds an earlier run: starting afresh (pass resume to continue it)", runDir);
                checkpoints.clear();
                Files.deleteIfExists(metricsFile);
            }
            if (resume) {
                Optional<Checkpoints.Position> pos =
                        checkpoints.restoreLatest(
                                runManager,
                                method.checkpointBlocks(),
                                method.stateArrays(),
                                optimizer::loadStateDict);
                if (pos.isPresent()) {
                    checkCompatible(pos.get(), method);
                    startEpoch = pos.get().epoch();
                    step = pos.get().globalStep();
                    lastCheckpoint = checkpoints.directory() + "/epoch-" + String.format("%04d", startEpoch);
                    LOG.info("resumed from {} at epoch {}, step {}", lastCheckpoint, startEpoch, step);
                } else if (Files.exists(metricsFile)) {
                    LOG.warn("no checkpoint in {}: the interrupted run is restarted from step 0", checkpoints.directory());
                }
                // Rows past the checkpoint (and a line torn by a kill) are written again.
                MetricsWriter.truncateAfter(metricsFile, step);
            }

            List<Double> epochLosses = new ArrayList<>();
            List<KnnResult> knnHistory = new ArrayList<>();
            DivergenceGuard guard = new DivergenceGuard();
            ProgressReporter progress = config.progress() ? ProgressReporter.console() : null;
            long started = System.nanoTime();
            long images = 0;
            try (MetricsWriter metrics = new MetricsWriter(metricsFile)) {
                for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
                    LossWindow window = new LossWindow(runManager);
                    double epochLossSum = 0;
                    int inEpoch = 0;
                    try (EpochIterator batches = loader.epoch(epoch, runManager, 0)) {
                        while (true) {
                            long askedAt = System.nanoTime();
                            if (!batches.hasNext()) {
                                break;
                            }
                            ImageBatch next = batches.next();
                            long gotAt = System.nanoTime();
                            try (ImageBatch batch = next;
                                    NDManager stepScope = runManager.newSubManager()) {
                                NDArray imagesU8 = batch.images();
                                imagesU8.attach(stepScope);
                                TrainingStep ts =
                                        new TrainingStep(
                                                step,
                                                epoch,
                                                totalSteps,
                                                stepsPerEpoch,
                                                stepScope,
                                                store,
                                                Rng.derive(config.seed(), step));
                                LossOutput out = trainStep(method, imagesU8, ts, store, optimizer, devices);
                                window.add(step, out);
                            }
                            images += config.batchSize();
                            step++;
                            inEpoch++;
                            if (window.size() == config.logEvery() || inEpoch == stepsPerEpoch) {
                                float[] losses = window.drain(metrics, learningRate, guard, lastCheckpoint, epoch, config.batchSize());
                                for (float l : losses) {
                                    epochLossSum += l;
                                }
                                if (progress != null) {
                                    progress.update(
                                            epoch,
                                            config.epochs(),
                                            inEpoch,
                                            stepsPerEpoch,
                                            losses[losses.length - 1],
                                            window.lastImagesPerSecond(config.batchSize()));
                                }
                            }
                            if (observer != null) {
                                observer.stepFinished(step - 1, gotAt - askedAt, System.nanoTime() - askedAt);
                            }
                        }
                    }
                    double epochLoss = epochLossSum / inEpoch;
                    epochLosses.add(epochLoss);
                    LOG.info("epoch {}/{}: loss {}", epoch + 1, config.epochs(), String.format("%.4f", epochLoss));
                    int done = epoch + 1;
                    if (monitor != null && monitor.isDue(done)) {
                        KnnResult knn = monitor.evaluate(method.encoder(), devices[0]);
                        knnHistory.add(knn);
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("epoch", done);
                        row.put("step", step);
                        row.put("knn_top1", knn.top1());
                        metrics.write(row);
                        LOG.info("epoch {}: kNN top-1 {}", done, String.format("%.4f", knn.top1()));
                    }
                    boolean due = done == config.epochs()
                            || (config.checkpointEvery() > 0 && done % config.checkpointEvery() == 0);
                    if (due) {
                        Path saved =
                                checkpoints.save(
                                        new Checkpoints.Position(done, step, config.seed(), method.id()),
                                        method.checkpointBlocks(),
                                        method.stateArrays(),
                                        optimizer.stateDict(runManager));
                        lastCheckpoint = saved.toString();
                    }
                }
            }
            saveEncoder(method, runDir.resolve("encoder.params"));
            double seconds = (System.nanoTime() - started) / 1e9;
            return new TrainingSummary(
                    config.epochs(), step, epochLosses, knnHistory, seconds, seconds > 0 ? images / seconds : 0);
        }
    }

    private LossOutput trainStep(
            SslMethod method,
            NDArray imagesU8,
            TrainingStep ts,
            ParameterStore store,
            ScheduledOptimizer optimizer,
            Device[] devices) {
        List<NDArray> views = method.views().generate(imagesU8, ts.rng().split());
        LossOutput out;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            if (devices.length == 1) {
                out = method.loss(views, ts);
                collector.backward(out.loss());
            } else {
                out = dataParallelLoss(method, views, ts, collector, devices);
            }
        }
        if (config.optimizer().clipGradNorm() > 0) {
            GradientClipping.clipGlobalNorm(
                    method.trainable().getParameters(), config.optimizer().clipGradNorm(), ts.manager());
        }
        optimizer.setStep(ts.globalStep());
        store.updateAllParameters();
        method.afterStep(ts);
        return out;
    }

    /**
     * Splits every view along the batch over the devices, runs the method on each slice with the
     * loss scaled by 1/n and back-propagates; the parameter server sums the per-device gradients,
     * which makes the update the mean over the global batch. Metrics come from the first device.
     */
    private static LossOutput dataParallelLoss(
            SslMethod method,
            List<NDArray> views,
            TrainingStep ts,
            GradientCollector collector,
            Device[] devices) {
        int n = devices.length;
        LossOutput first = null;
        for (int d = 0; d < n; d++) {
            NDManager scope = ts.manager().newSubManager(devices[d]);
            List<NDArray> slice = new ArrayList<>();
            for (NDArray v : views) {
                long b = v.getShape().get(0);
                long from = b * d / n;
                long to = b * (d + 1) / n;
                NDArray part = v.get(from + ":" + to).toDevice(devices[d], true);
                part.attach(scope);
                slice.add(part);
            }
            TrainingStep local =
                    new TrainingStep(
                            ts.globalStep(),
                            ts.epoch(),
                            ts.totalSteps(),
                            ts.stepsPerEpoch(),
                            scope,
                            ts.parameterStore(),
                            ts.rng().split());
            LossOutput out = method.loss(slice, local);
            collector.backward(Scalars.div(out.loss(), n));
            if (first == null) {
                first = out;
            }
        }
        return first;
    }

    private static void checkCompatible(Checkpoints.Position pos, SslMethod method) {
        if (!pos.method().equals(method.id())) {
            throw new IllegalArgumentException(
                    "checkpoint was written by method '" + pos.method() + "', not '" + method.id() + "'");
        }
    }

    private static void saveEncoder(SslMethod method, Path file) throws IOException {
        AtomicFiles.write(file, os -> method.encoder().saveParameters(new DataOutputStream(os)));
    }

    /** Losses and metrics of the steps since the last log line, still on the device. */
    private static final class LossWindow {
        private final NDManager parent;
        private NDManager scope;
        private final List<NDArray> losses = new ArrayList<>();
        private final Map<String, List<NDArray>> metrics = new LinkedHashMap<>();
        private long firstStep = -1;
        private long windowStart = System.nanoTime();
        private double lastSeconds;
        private int lastSize;

        LossWindow(NDManager parent) {
            this.parent = parent;
            this.scope = parent.newSubManager();
        }

        int size() {
            return losses.size();
        }

        void add(long step, LossOutput out) {
            if (firstStep < 0) {
                firstStep = step;
            }
            // Copies, not views: a metric may wrap a buffer that dies with the step scope.
            NDArray l = out.loss().stopGradient().duplicate();
            l.attach(scope);
            losses.add(l);
            out.metrics()
                    .forEach(
                            (k, v) -> {
                                NDArray d = v.stopGradient().duplicate();
                                d.attach(scope);
                                metrics.computeIfAbsent(k, x -> new ArrayList<>()).add(d);
                            });
        }

        double lastImagesPerSecond(int batchSize) {
            return lastSeconds > 0 ? lastSize * batchSize / lastSeconds : 0;
        }

        /** One device→host copy for the whole window; then metrics rows and the guard. */
        float[] drain(
                MetricsWriter writer,
                Schedule learningRate,
                DivergenceGuard guard,
                String lastCkpt,
                int epoch,
                int batchSize) {
            float[] values = HostCopy.stackToHost(losses);
            Map<String, float[]> named = new LinkedHashMap<>();
            metrics.forEach((k, v) -> named.put(k, HostCopy.stackToHost(v)));
            long now = System.nanoTime();
            lastSeconds = (now - windowStart) / 1e9;
            lastSize = values.length;
            guard.check(firstStep, values, lastCkpt);
            long rss = ProcessMemory.residentBytes();
            long heap = ProcessMemory.heapUsedBytes();
            for (int i = 0; i < values.length; i++) {
                long step = firstStep + i;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", step);
                row.put("epoch", epoch);
                row.put("loss", values[i]);
                row.put("lr", learningRate.valueAt(step));
                for (Map.Entry<String, float[]> e : named.entrySet()) {
                    row.put(e.getKey(), e.getValue()[i]);
                }
                if (i == values.length - 1) {
                    row.put("images_per_sec", lastSeconds > 0 ? (double) values.length * batchSize / lastSeconds : 0);
                    row.put("rss_mb", rss / (1024 * 1024));
                    row.put("heap_mb", heap / (1024 * 1024));
                    // Every array of a finished step has been freed: this count must stay flat.
                    row.put("live_arrays", parent.getManagedArrays().size() - values.length);
                }
                writer.write(row);
            }
            scope.close();
            scope = parent.newSubManager();
            losses.clear();
            metrics.clear();
            firstStep = -1;
            windowStart = now;
            return values;
        }
    }

    /** Small array plumbing local to the trainer. */
    private static final class HostCopy {
        private HostCopy() {}

        static float[] stackToHost(List<NDArray> scalars) {
            if (scalars.isEmpty()) {
                return new float[0];
            }
            NDArray stacked = ai.djl.ndarray.NDArrays.stack(new NDList(scalars));
            try {
                return stacked.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            } finally {
                stacked.close();
            }
        }
    }
}
