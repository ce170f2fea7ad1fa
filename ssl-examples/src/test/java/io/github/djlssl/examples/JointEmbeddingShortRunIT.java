package io.github.djlssl.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.github.djlssl.core.data.IdxImageSource;
import io.github.djlssl.core.data.ImageBatch;
import io.github.djlssl.core.data.Split;
import io.github.djlssl.core.eval.EvalTransform;
import io.github.djlssl.core.eval.FeatureExtractor;
import io.github.djlssl.core.eval.FeatureStatistics;
import io.github.djlssl.core.run.PretrainedEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4's short-run check for every joint-embedding method, through the {@code djl-ssl} tool: a
 * short Fashion-MNIST pretraining whose encoder features do not collapse (mean per-dimension std
 * of the L2-normalised features across 1,000 test images above a floor) and whose kNN accuracy
 * beats the same encoder randomly initialised, on the same kNN protocol.
 *
 * <p>Budget: the README demo's — ResNet-18 of width 8, the first 10,000 training images, 6 epochs
 * of batch 256 (234 steps) — with each method's short-run options from {@code
 * benchmarks/short-run-settings.tsv} (the ones {@code benchmarks/method-table.sh} uses); kNN on
 * 4,096 training / 2,000 test images. About two minutes per method on two cores. At 64 or 128
 * steps (4,096 images × 4 or 8 epochs) BYOL, SwAV and Barlow Twins were still at or below random
 * init (SwAV 0.5105 and 0.5740 against 0.5875): the EMA targets and the prototypes need the
 * demo's budget before the features improve on the random ones (docs/benchmarks.md, "The CI
 * check"). BYOL is skipped (reported as skipped, with the reason): its setting beat random init
 * by 7.7 points in one run of this test and lost 4.3 in the next.
 */
class JointEmbeddingShortRunIT {

    private static final Path DATA = IdxImageSource.FASHION_MNIST_DEFAULT_DIR;
    /** The per-method options, shared with {@code benchmarks/method-table.sh}. */
    private static final Path SETTINGS = Path.of("..", "benchmarks", "short-run-settings.tsv");
    private static final int MAX_SAMPLES = 10_000;
    private static final int EPOCHS = 6;
    private static final String[] KNN = {"--knn-max-train", "4096", "--knn-max-test", "2000"};
    /**
     * Methods whose short-run setting is not stable from run to run (two-thread runs are not
     * bit-reproducible), skipped visibly rather than left flaky; issue 4 tracks them.
     */
    private static final Map<String, String> UNSTABLE = Map.of("byol",
            "its short-run setting (tau 0.9, predictor at 10x the rate) scored 0.6640 and 0.5450 against 0.5875"
                    + " in two runs of this test with the same seed (docs/benchmarks.md, \"The CI check\")");
    private static double randomKnn;

    @BeforeAll
    static void randomInitialisation() {
        assumeTrue(Files.isDirectory(DATA), "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        CliRun r = CliRun.of(concat(new String[] {"eval", "knn", "--random-init", "--encoder", "resnet18",
                "--width", "8", "--seed", "42", "--threads", "2"}, KNN));
        assertEquals(0, r.code(), r.err());
        randomKnn = Double.parseDouble(r.lastLine().split("=")[1]);
    }

    /** Every method of {@code benchmarks/short-run-settings.tsv}, with its options. */
    static Stream<Arguments> methods() throws IOException {
        return Files.readAllLines(SETTINGS).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t", 2))
                .map(f -> Arguments.of(f[0].trim(), f[1].trim()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void shortRunBeatsRandomInitWithoutCollapse(String method, String settings, @TempDir Path out)
            throws Exception {
        assumeFalse(UNSTABLE.containsKey(method), () -> method + " skipped: " + UNSTABLE.get(method));
        List<String> args = new ArrayList<>(List.of("pretrain", "--method", method, "--encoder", "resnet18",
                "--width", "8", "--dataset", "fashion-mnist", "--max-samples", String.valueOf(MAX_SAMPLES),
                "--epochs", String.valueOf(EPOCHS), "--batch-size", "256", "--seed", "42", "--threads", "2",
                "--no-progress", "--out", out.toString()));
        args.addAll(Arrays.asList(settings.split("\\s+")));
        CliRun pretrain = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, pretrain.code(), pretrain.err());

        CliRun knn = CliRun.of(concat(new String[] {"eval", "knn", "--run", out.toString(), "--threads", "2"}, KNN));
        assertEquals(0, knn.code(), knn.err());
        double top1 = Double.parseDouble(knn.lastLine().split("=")[1]);

        double std;
        int dim;
        try (NDManager m = NDManager.newBaseManager();
                ImageBatch test = ImageBatch.readAll(IdxImageSource.fashionMnist(DATA, Split.TEST), m)) {
            PretrainedEncoder run = PretrainedEncoder.load(out, m);
            NDArray images = test.images().get(new NDIndex("0:1000"));
            NDArray features = FeatureExtractor.extract(
                    run.encoder(), images, EvalTransform.of(run.normalization()), 250, Device.cpu());
            std = FeatureStatistics.meanStd(features).getFloat();
            dim = run.encoder().featureDim();
        }
        System.out.printf("%s: kNN %.4f vs random init %.4f, feature std %.4f (1/sqrt(D) = %.4f)%n",
                method, top1, randomKnn, std, 1 / Math.sqrt(dim));
        // complete collapse gives 0, features spread evenly on the sphere 1/sqrt(D)
        assertTrue(std > 0.1 / Math.sqrt(dim), method + ": features collapsed, std " + std);
        assertTrue(top1 > randomKnn, method + ": kNN " + top1 + " does not beat random init " + randomKnn);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
