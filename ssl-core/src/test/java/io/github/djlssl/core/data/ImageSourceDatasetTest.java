package io.github.djlssl.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ImageSourceDatasetTest {

    @Test
    void djlGetDataBatchesWithTheStandardBatchifier() throws IOException, TranslateException, InterruptedException {
        ImageSource source = new SyntheticImageSource(10, 1, 6, 3, 5);
        ImageSourceDataset dataset = ImageSourceDataset.builder(source).setSampling(4, true).build();
        dataset.prepare();
        assertEquals(10, dataset.size());
        ExecutorService executor = Executors.newFixedThreadPool(2);
        Set<Long> seenLabels = new HashSet<>();
        int images = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : dataset.getData(manager, executor)) {
                try (batch) {
                    long b = batch.getSize();
                    assertEquals(new Shape(b, 1, 6, 6), batch.getData().singletonOrThrow().getShape());
                    assertEquals(DataType.UINT8, batch.getData().singletonOrThrow().getDataType());
                    assertEquals(new Shape(b), batch.getLabels().singletonOrThrow().getShape());
                    assertEquals(DataType.INT64, batch.getLabels().singletonOrThrow().getDataType());
                    for (long l : batch.getLabels().singletonOrThrow().toLongArray()) {
                        seenLabels.add(l);
                    }
                    images += (int) b;
                }
            }
            Record record = dataset.get(manager, 7);
            byte[] expected = new byte[36];
            source.readImage(7, expected, 0);
            assertArrayEquals(expected, record.getData().singletonOrThrow().toByteArray());
            assertEquals(source.label(7), record.getLabels().singletonOrThrow().getLong());
        } finally {
            executor.shutdown();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertEquals(10, images);
        assertEquals(Set.of(0L, 1L, 2L), seenLabels);
    }
}
