package io.github.djlssl.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

    private NDManager manager;
    private final ImageSource source = new SyntheticImageSource(23, 3, 4, 5, 11);

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static BatchLoader.Builder loader(ImageSource s) {
        return BatchLoader.builder(s).batchSize(5).shuffle(true).seed(42);
    }

    /** Runs one epoch from {@code start}, returning the indices of each batch and checking its arrays. */
    private List<int[]> run(BatchLoader loader, int epoch, int start) {
        List<int[]> batches = new ArrayList<>();
        ImageSource s = loader.source();
        try (EpochIterator it = loader.epoch(epoch, manager, start)) {
            for (ImageBatch batch : it) {
                try (batch) {
                    int[] idx = batch.indices();
                    assertEquals(new Shape(idx.length, s.channels(), s.height(), s.width()), batch.images().getShape());
                    assertEquals(DataType.UINT8, batch.images().getDataType());
                    assertEquals(DataType.INT64, batch.labels().getDataType());
                    assertEquals(new Shape(idx.length), batch.labels().getShape());
                    byte[] expected = new byte[idx.length * s.imageBytes()];
                    long[] labels = new long[idx.length];
                    for (int j = 0; j < idx.length; j++) {
                        s.readImage(idx[j], expected, j * s.imageBytes());
                        labels[j] = s.label(idx[j]);
                    }
                    assertArrayEquals(expected, batch.images().toByteArray());
                    assertArrayEquals(labels, batch.labels().toLongArray());
                    batches.add(idx);
                }
            }
        }
        return batches;
    }

    private static int[] flatten(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void everyIndexExactlyOncePerShuffledEpoch() {
        BatchLoader loader = loader(source).workers(2).build();
        assertEquals(5, loader.batchesPerEpoch());
        List<int[]> batches = run(loader, 0, 0);
        assertEquals(5, batches.size());
        assertEquals(3, batches.get(4).length);
        int[] all = flatten(batches);
        int[] sorted = all.clone();
        Arrays.sort(sorted);
        int[] identity = new int[23];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, sorted);
        assertFalse(Arrays.equals(identity, all), "shuffled");
        assertArrayEquals(loader.epochOrder(0), all);
    }

    @Test
    void orderIsAFunctionOfSeedAndEpoch() {
        BatchLoader a = loader(source).build();
        BatchLoader b = loader(source).prefetch(0).build();
        assertArrayEquals(flatten(run(a, 3, 0)), flatten(run(b, 3, 0)), "threaded and synchronous agree");
        assertArrayEquals(a.epochOrder(3), b.epochOrder(3));
        assertFalse(Arrays.equals(a.epochOrder(3), a.epochOrder(4)), "epochs differ");
        assertFalse(Arrays.equals(a.epochOrder(0), loader(source).seed(43).build().epochOrder(0)), "seeds differ");
        int[] plain = BatchLoader.builder(source).build().epochOrder(5);
        for (int i = 0; i < plain.length; i++) {
            assertEquals(i, plain[i]);
        }
    }

    @Test
    void dropLastDropsTheIncompleteBatch() {
        BatchLoader loader = loader(source).dropLast(true).build();
        assertEquals(4, loader.batchesPerEpoch());
        List<int[]> batches = run(loader, 1, 0);
        assertEquals(4, batches.size());
        batches.forEach(b -> assertEquals(5, b.length));
        assertArrayEquals(Arrays.copyOf(loader.epochOrder(1), 20), flatten(batches));
        assertThrows(IllegalArgumentException.class, () -> loader(source.limit(3)).dropLast(true).build());
    }

    @Test
    void startBatchResumesWithTheTailOfTheEpoch() {
        BatchLoader loader = loader(source).workers(3).prefetch(4).build();
        List<int[]> full = run(loader, 2, 0);
        for (int start = 0; start <= loader.batchesPerEpoch(); start++) {
            List<int[]> tail = run(loader, 2, start);
            assertEquals(full.size() - start, tail.size());
            for (int i = 0; i < tail.size(); i++) {
                assertArrayEquals(full.get(start + i), tail.get(i));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> loader.epoch(0, manager, 6));
        assertThrows(IllegalArgumentException.class, () -> loader.epoch(0, manager, -1));
    }

    @Test
    void unlabelledSourcesGiveMinusOneLabels() {
        ImageSource flat = new UnlabelledSource(source.limit(3));
        try (EpochIterator it = BatchLoader.builder(flat).batchSize(3).build().epoch(0, manager);
                ImageBatch batch = it.next()) {
            assertArrayEquals(new long[] {-1, -1, -1}, batch.labels().toLongArray());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }
    }

    @Test
    void closedBatchesLeaveNoArraysBehind() {
        BatchLoader loader = loader(source).build();
        run(loader, 0, 0);
        int before = manager.getManagedArrays().size();
        run(loader, 1, 0);
        run(loader, 2, 0);
        assertEquals(before, manager.getManagedArrays().size());
    }

    @Test
    void earlyCloseStopsWorkerThreads() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        ImageSource slow = new UnlabelledSource(source) {
            @Override
            public void readImage(int index, byte[] dst, int offset) {
                started.countDown();
                try {
                    Thread.sleep(5); // a slow disk: workers are busy when the consumer stops
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.readImage(index, dst, offset);
            }
        };
        BatchLoader loader = BatchLoader.builder(slow).batchSize(2).workers(3).prefetch(6).build();
        EpochIterator it = loader.epoch(0, manager);
        try (ImageBatch first = it.next()) {
            assertEquals(2, first.size());
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertTrue(loaderThreads() > 0, "workers are running mid-epoch");
        it.close();
        assertEquals(0, loaderThreads(), "close() waits for every worker to stop");
        assertFalse(it.hasNext());
        it.close(); // idempotent
    }

    @Test
    void reachingTheEndReleasesThreads() {
        run(loader(source).workers(2).build(), 0, 0);
        assertEquals(0, loaderThreads());
    }

    private static long loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(EpochIterator.THREAD_PREFIX))
                .count();
    }

    @Test
    void workerExceptionsReachTheConsumerWithTheirCause() {
        IllegalStateException boom = new IllegalStateException("disk on fire");
        AtomicInteger reads = new AtomicInteger();
        ImageSource failing = new UnlabelledSource(source) {
            @Override
            public void readImage(int index, byte[] dst, int offset) {
                reads.incrementAndGet();
                if (index == 7) {
                    throw boom;
                }
                super.readImage(index, dst, offset);
            }
        };
        for (int prefetch : new int[] {0, 2}) {
            BatchLoader loader = BatchLoader.builder(failing).batchSize(4).prefetch(prefetch).build();
            EpochIterator it = loader.epoch(0, manager);
            it.next().close(); // indices 0..3
            BatchLoadingException e = assertThrows(BatchLoadingException.class, it::next);
            assertSame(boom, e.getCause());
            assertTrue(e.getMessage().contains("batch 1 of epoch 0") && e.getMessage().contains("disk on fire"),
                    e.getMessage());
            assertFalse(it.hasNext(), "a failed iterator is closed");
            assertEquals(0, loaderThreads());
        }
        assertNotEquals(0, reads.get());
    }

    @Test
    void builderValidatesArguments() {
        BatchLoader.Builder b = BatchLoader.builder(source);
        assertThrows(IllegalArgumentException.class, () -> b.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> b.prefetch(-1));
        assertThrows(IllegalArgumentException.class, () -> b.workers(0));
        assertThrows(IllegalArgumentException.class, () -> b.build().epochOrder(-1));
        try (EpochIterator empty = b.build().epoch(0, manager, 1)) { // the empty tail is valid
            assertFalse(empty.hasNext());
        }
    }

    /** Delegates pixels, drops labels. */
    private static class UnlabelledSource implements ImageSource {
        private final ImageSource base;

        UnlabelledSource(ImageSource base) {
            this.base = base;
        }

        @Override
        public int size() {
            return base.size();
        }

        @Override
        public int channels() {
            return base.channels();
        }

        @Override
        public int height() {
            return base.height();
        }

        @Override
        public int width() {
            return base.width();
        }

        @Override
        public boolean hasLabels() {
            return false;
        }

        @Override
        public int numClasses() {
            return 0;
        }

        @Override
        public List<String> classNames() {
            return List.of();
        }

        @Override
        public void readImage(int index, byte[] dst, int offset) {
            base.readImage(index, dst, offset);
        }

        @Override
        public int label(int index) {
            return -1;
        }

        @Override
        public String description() {
            return "unlabelled " + base.description();
        }
    }
}
