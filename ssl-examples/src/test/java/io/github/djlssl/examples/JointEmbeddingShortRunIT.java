package io.github.djlssl.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 4's short-run check for the joint-embedding methods, through the {@code djl-ssl} tool: a
 * short Fashion-MNIST pretraining whose encoder features do not collapse (mean per-dimension std
 * of the L2-normalised features across 1,000 test images above a floor) and whose kNN accuracy
 * beats the same encoder randomly initialised, on the same kNN protocol.
 *
 * <p>Budget: ResNet-18 of width 8, the first 4,096 training images, 4 epochs of batch 256 (64
 * steps), each method's short-run settings (those of {@code benchmarks/method-table.sh}); kNN on
 * 4,096 training / 2,000 test images. Measured: SimCLR 0.6345 and 0.6290 in two runs against
 * 0.5875 at random init (runs with two threads are not bit-reproducible). MoCo v3 was 0.6045 in
 * one run and 0.5710 in another, and Barlow Twins 0.5595, although both beat random init by 7–8
 * points at the demo's 234 steps: at 64 steps their margin is noise, so they and the other
 * methods are checked at the demo budget by {@code benchmarks/method-table.sh}
 * (docs/benchmarks.md), not in CI. Add a method here once it clears random init at this budget
 * by more than run-to-run noise.
 */
class JointEmbeddingShortRunIT {

    private static final Path DATA = IdxImageSource.FASHION_MNIST_DEFAULT_DIR;
    private static final String[] KNN = {"--knn-max-train", "4096", "--knn-max-test", "2000"};
    private static double randomKnn;

    @BeforeAll
    static void randomInitialisation() {
        assumeTrue(Files.isDirectory(DATA), "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        CliRun r = CliRun.of(concat(new String[] {"eval", "knn", "--random-init", "--encoder", "resnet18",
                "--width", "8", "--seed", "42", "--threads", "2"}, KNN));
        assertEquals(0, r.code(), r.err());
        randomKnn = Double.parseDouble(r.lastLine().split("=")[1]);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "simclr      | 4 | --lr 0.3",
    })
    void shortRunBeatsRandomInitWithoutCollapse(String method, int epochs, String settings, @TempDir Path out)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("pretrain", "--method", method, "--encoder", "resnet18",
                "--width", "8", "--dataset", "fashion-mnist", "--max-samples", "4096", "--epochs",
                String.valueOf(epochs), "--batch-size", "256", "--seed", "42", "--threads", "2", "--no-progress",
                "--out", out.toString()));
        args.addAll(Arrays.asList(settings.trim().split("\\s+")));
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
