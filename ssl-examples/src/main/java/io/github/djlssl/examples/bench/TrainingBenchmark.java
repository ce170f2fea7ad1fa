package io.github.djlssl.examples.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.config.RecordBinder;
import io.github.djlssl.core.data.SyntheticImageSource;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.SslMethods;
import io.github.djlssl.core.optim.OptimizerConfig;
import io.github.djlssl.core.train.Devices;
import io.github.djlssl.core.train.ProcessMemory;
import io.github.djlssl.core.train.SslTrainer;
import io.github.djlssl.core.train.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Times a method's real training step: the same {@link SslTrainer#fit} loop {@code djl-ssl
 * pretrain} runs (prefetching loader, views on the device, forward, backward, optimiser,
 * post-step hooks, one scope per step), on {@link SyntheticImageSource} images so that no
 * dataset is needed, with a {@link StepRecorder} observing every step. Then measures the data
 * pipeline alone ({@link PipelineThroughput}).
 *
 * <p>The run directory the trainer needs is a temporary one, deleted afterwards.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {}

    /**
     * Runs one benchmark. The engine must already be configured (threads, seed).
     *
     * @param s what to run
     * @param threads the configured intra-op threads, for the report (-1 = engine default)
     * @return the measured numbers
     * @throws IOException when the temporary run directory cannot be written
     */
    public static BenchResult run(BenchSettings s, int threads) throws IOException {
        SslMethodProvider<?> provider = SslMethods.get(s.method());
        Record config = bind(provider, s.settings());
        EncoderSpec spec = s.encoder();
        int total = s.totalSteps();
        SyntheticImageSource source =
                new SyntheticImageSource(total * s.batchSize(), spec.inputChannels(), spec.imageSize(), 10, s.seed());
        TrainerConfig trainerConfig =
                new TrainerConfig(1, s.batchSize(), s.seed(), optimizer(s), s.devices(), 0, s.logEvery(), false);
        StepRecorder recorder = new StepRecorder(s.warmup(), s.steps(), s.soakEvery());
        Device[] devices = Devices.parse(s.devices());
        Path dir = Files.createTempDirectory("djl-ssl-bench-");
        try (NDManager manager = NDManager.newBaseManager(devices[0])) {
            Encoder backbone = spec.build();
            backbone.initialize(manager, DataType.FLOAT32,
                    new Shape(2, spec.inputChannels(), spec.imageSize(), spec.imageSize()));
            Normalize normalize = Normalize.defaultFor(spec.inputChannels());
            try (SslMethod method = create(provider, config, new MethodContext(backbone, manager, normalize, s.seed()))) {
                new SslTrainer(trainerConfig, recorder).fit(method, source, dir, false, null);
                double peakRss = ProcessMemory.peakResidentBytes() / 1048576.0;
                PipelineThroughput pipeline =
                        PipelineThroughput.measure(source, s.batchSize(), Math.min(20, total - 1), method.views(), manager, s.seed());
                double p50 = recorder.iterationMillis(0.5);
                MemoryDrift heap = null;
                MemoryDrift rss = null;
                if (s.soakEvery() > 0) {
                    heap = MemoryDrift.of(recorder.samples(), s.warmup(), MemorySample::heapAfterGcBytes);
                    rss = MemoryDrift.of(recorder.samples(), s.warmup(), MemorySample::residentBytes);
                }
                return new BenchResult(s.method(), s.encoderLabel(), spec.imageSize(), s.batchSize(), threads,
                        s.devices(), recorder.timedSteps(), p50, recorder.iterationMillis(0.9),
                        recorder.medianCpuMillis(), recorder.dataWaitShare(), pipeline,
                        recorder.peakHeapBytes() / 1048576.0, peakRss, heap, rss, recorder.samples());
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** SGD (momentum 0.9, wd 5e-4) as {@code pretrain}'s default; AdamW (β2 0.95, wd 0.05) as MAE's recipe. */
    private static OptimizerConfig optimizer(BenchSettings s) {
        double scale = s.batchSize() / 256.0;
        return s.optimizer().equals("adamw")
                ? OptimizerConfig.adamw(1.5e-4 * scale, 0.05, 0.9, 0.95)
                : OptimizerConfig.sgd(0.06 * scale, 0.9, 5e-4);
    }

    private static <C extends Record> C bind(SslMethodProvider<C> provider, java.util.Map<String, String> settings) {
        return RecordBinder.bind(provider.defaultConfig(), settings);
    }

    @SuppressWarnings("unchecked")
    private static <C extends Record> SslMethod create(SslMethodProvider<C> provider, Record config, MethodContext context) {
        return provider.create((C) config, context);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
