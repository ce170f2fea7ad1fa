package io.github.djlssl.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    private static final Shape INPUT = new Shape(1, 4, 4);
    private static final Function<NDArray, NDArray> PREPROCESS =
            x -> x.toType(DataType.FLOAT32, false).div(255f);

    private static NDArray images(NDManager manager, int n) {
        return manager.randomUniform(0, 255, new Shape(n, 1, 4, 4)).toType(DataType.UINT8, false);
    }

    @Test
    void featuresHaveShapeAndEqualADirectForwardWhenBatchSizeDoesNotDivideN() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TinyEncoder encoder = TinyEncoder.initialized(manager, 6, INPUT, false);
            NDArray images = images(manager, 10);
            NDArray features = FeatureExtractor.extract(encoder, images, PREPROCESS, 3, Device.cpu());
            assertEquals(new Shape(10, 6), features.getShape());
            assertEquals(DataType.FLOAT32, features.getDataType());
            NDArray direct =
                    encoder.features(new ParameterStore(manager, false), PREPROCESS.apply(images), false);
            assertTrue(features.allClose(direct, 1e-5, 1e-6, false), "batched = direct forward");
            assertFalse(features.getFloat(9, 5) == 0f && features.getFloat(9, 0) == 0f, "last row filled");
        }
    }

    @Test
    void batchNormRunsInEvalModeSoBatchCompositionDoesNotMatter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TinyEncoder encoder = TinyEncoder.initialized(manager, 5, INPUT, true);
            NDArray images = images(manager, 8);
            NDArray whole = FeatureExtractor.extract(encoder, images, PREPROCESS, 8, Device.cpu());
            NDArray single = FeatureExtractor.extract(encoder, images, PREPROCESS, 1, Device.cpu());
            NDArray uneven = FeatureExtractor.extract(encoder, images, PREPROCESS, 3, Device.cpu());
            assertTrue(whole.allClose(single, 1e-5, 1e-6, false));
            assertTrue(whole.allClose(uneven, 1e-5, 1e-6, false));
            // Control: in training mode the same encoder's output depends on the batch.
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = PREPROCESS.apply(images);
            NDArray trainingWhole = encoder.features(ps, x, true);
            NDArray trainingHalf = encoder.features(ps, x.get(new NDIndex("0:4")), true);
            assertFalse(trainingWhole.get(new NDIndex("0:4")).allClose(trainingHalf, 1e-3, 1e-4, false));
        }
    }

    @Test
    void iteratorOverloadMatchesArrayOverloadAndLeavesCallerBatchesAlive() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TinyEncoder encoder = TinyEncoder.initialized(manager, 4, INPUT, false);
            NDArray images = images(manager, 7);
            List<NDArray> batches = new ArrayList<>();
            batches.add(images.get(new NDIndex("0:4")));
            batches.add(images.get(new NDIndex("4:7")));
            NDArray streamed =
                    FeatureExtractor.extract(encoder, batches.iterator(), PREPROCESS, Device.cpu(), manager);
            NDArray whole = FeatureExtractor.extract(encoder, images, PREPROCESS, 7, Device.cpu());
            assertEquals(new Shape(7, 4), streamed.getShape());
            assertTrue(streamed.allClose(whole, 1e-5, 1e-6, false));
            for (NDArray batch : batches) {
                assertFalse(batch.isReleased());
                assertEquals(manager, batch.getManager());
            }
        }
    }

    @Test
    void onlyTheOutputIsLeftOnTheCallerManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TinyEncoder encoder = TinyEncoder.initialized(manager, 4, INPUT, true);
            try (NDManager caller = manager.newSubManager()) {
                NDArray images = images(caller, 9);
                int before = caller.getManagedArrays().size();
                NDArray a = FeatureExtractor.extract(encoder, images, PREPROCESS, 2, Device.cpu());
                assertEquals(before + 1, caller.getManagedArrays().size());
                a.close();
                FeatureExtractor.extract(encoder, images, PREPROCESS, 4, Device.cpu()).close();
                assertEquals(before, caller.getManagedArrays().size());
            }
        }
    }

    @Test
    void rejectsUninitialisedEncoderAndBadBatchSize() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = images(manager, 2);
            TinyEncoder fresh = new TinyEncoder(3, INPUT, false);
            assertThrows(IllegalStateException.class,
                    () -> FeatureExtractor.extract(fresh, images, PREPROCESS, 2, Device.cpu()));
            TinyEncoder encoder = TinyEncoder.initialized(manager, 3, INPUT, false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FeatureExtractor.extract(encoder, images, PREPROCESS, 0, Device.cpu()));
            assertTrue(e.getMessage().contains("batchSize"));
        }
    }
}
