package io.github.djlssl.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KnnMonitorTest {

    private static final Function<NDArray, NDArray> PREPROCESS =
            x -> x.toType(DataType.FLOAT32, false).div(255f).sub(0.5f);

    /** Class c lights up row c of an otherwise noisy 4x4 image; the label cycles through 4 classes. */
    private static NDArray[] images(NDManager m, Rng rng, int n) {
        float[] pixels = rng.uniformArray(n * 16, 0, 40);
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            for (int col = 0; col < 4; col++) {
                pixels[i * 16 + (int) labels[i] * 4 + col] = 250f;
            }
        }
        NDArray x = m.create(pixels, new Shape(n, 1, 4, 4)).toType(DataType.UINT8, false);
        return new NDArray[] {x, m.create(labels)};
    }

    @Test
    void classifiesSeparableImagesWithARandomEncoderAndCapsTheSets() {
        Rng rng = Rng.of(5);
        try (NDManager m = NDManager.newBaseManager()) {
            TinyEncoder encoder = TinyEncoder.initialized(m, 16, new Shape(1, 4, 4), true);
            NDArray[] train = images(m, rng, 40);
            NDArray[] test = images(m, rng, 12);
            KnnMonitorConfig config = KnnMonitorConfig.defaults()
                    .withEveryEpochs(2)
                    .withMaxSamples(24, 100)
                    .withBatchSize(5)
                    .withKnn(new KnnConfig(5, 0.1, 4));
            int before = m.getManagedArrays().size();
            try (KnnMonitor monitor = new KnnMonitor(train[0], train[1], test[0], test[1], PREPROCESS, config)) {
                assertEquals(24, monitor.numTrain());
                assertEquals(12, monitor.numTest());
                assertEquals(4, monitor.numClasses());
                assertFalse(monitor.isDue(0));
                assertFalse(monitor.isDue(1));
                assertTrue(monitor.isDue(2));
                assertTrue(monitor.isDue(4));
                KnnResult first = monitor.evaluate(encoder, Device.cpu());
                assertEquals(1.0, first.top1());
                assertEquals(24, first.numTrain());
                assertEquals(12, first.numTest());
                int during = m.getManagedArrays().size();
                assertEquals(first, monitor.evaluate(encoder, Device.cpu()));
                assertEquals(during, m.getManagedArrays().size(), "no growth across evaluations");
            }
            assertEquals(before, m.getManagedArrays().size(), "close frees the subsets");
        }
    }
}
