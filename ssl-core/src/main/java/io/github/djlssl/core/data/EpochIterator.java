package io.github.djlssl.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of one epoch of a {@link BatchLoader}, in order, prefetched by worker threads.
 *
 * <p>Single use and single consumer: it is its own {@link Iterable} so it works in a for-each loop,
 * once. The caller owns every {@link ImageBatch} it returns and should close it after the step.
 * Closing the iterator (also early, before the epoch ends) cancels pending work and waits for the
 * worker threads to stop; reaching the end of the epoch closes it too. A worker's exception is
 * rethrown by {@link #next()} as a {@link BatchLoadingException} with the worker's exception as
 * cause.
 */
public final class EpochIterator implements Iterator<ImageBatch>, Iterable<ImageBatch>, AutoCloseable {

    /** Prefix of the worker threads' names. */
    public static final String THREAD_PREFIX = "djl-ssl-batch-loader-";

    private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

    private final BatchLoader loader;
    private final int epochIndex;
    private final int[] order;
    private final NDManager manager;
    private final int end;
    private final int capacity;
    private final ExecutorService pool;
    private final ArrayDeque<Future<HostBatch>> inflight = new ArrayDeque<>();
    private int nextBatch;
    private int submitted;
    private boolean closed;

    EpochIterator(
            BatchLoader loader, int epochIndex, int[] order, NDManager manager, int startBatch,
            int prefetch, int workers) {
        this.loader = loader;
        this.epochIndex = epochIndex;
        this.order = order;
        this.manager = manager;
        this.end = loader.batchesPerEpoch();
        this.nextBatch = startBatch;
        this.submitted = startBatch;
        this.capacity = Math.max(prefetch, workers);
        this.pool = prefetch == 0 || startBatch >= end ? null : Executors.newFixedThreadPool(workers, daemonThreads());
        fill();
    }

    private ThreadFactory daemonThreads() {
        return runnable -> {
            Thread t = new Thread(runnable,
                    THREAD_PREFIX + "e" + epochIndex + "-" + THREAD_COUNTER.incrementAndGet());
            t.setDaemon(true); // never keeps the JVM alive if a caller forgets close()
            return t;
        };
    }

    private void fill() {
        while (pool != null && !closed && inflight.size() < capacity && submitted < end) {
            int batch = submitted++;
            inflight.add(pool.submit(() -> loader.assemble(order, batch)));
        }
    }

    /**
     * Returns the epoch this iterator covers.
     *
     * @return the epoch index
     */
    public int epochIndex() {
        return epochIndex;
    }

    /**
     * Returns the position of the batch {@link #next()} returns next: store it in a checkpoint and
     * pass it as {@code startBatch} to resume exactly.
     *
     * @return the batch index within the epoch
     */
    public int position() {
        return nextBatch;
    }

    @Override
    public Iterator<ImageBatch> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (nextBatch >= end) {
            close();
            return false;
        }
        return true;
    }

    /**
     * Returns the next batch, its NDArrays created on this iterator's manager.
     *
     * @return the batch; the caller closes it
     * @throws NoSuchElementException after the last batch or after {@link #close()}
     * @throws BatchLoadingException if assembling the batch failed
     */
    @Override
    public ImageBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epochIndex + " has no more batches");
        }
        int batch = nextBatch;
        HostBatch host;
        try {
            host = pool == null ? loader.assemble(order, batch) : inflight.poll().get();
        } catch (ExecutionException e) {
            close();
            throw failure(batch, e.getCause());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw failure(batch, e);
        } catch (RuntimeException e) {
            close();
            throw failure(batch, e);
        }
        nextBatch++;
        fill();
        return upload(host);
    }

    private BatchLoadingException failure(int batch, Throwable cause) {
        return new BatchLoadingException(
                "loading batch " + batch + " of epoch " + epochIndex + " from "
                        + loader.source().description() + " failed: " + cause, cause);
    }

    private ImageBatch upload(HostBatch host) {
        ImageSource source = loader.source();
        int b = host.indices().length;
        Shape shape = new Shape(b, source.channels(), source.height(), source.width());
        NDArray images = manager.create(ByteBuffer.wrap(host.pixels()), shape, DataType.UINT8);
        try {
            NDArray labels = manager.create(host.labels(), new Shape(b));
            return new ImageBatch(images, labels, host.indices());
        } catch (RuntimeException e) {
            images.close();
            throw e;
        }
    }

    /** Cancels pending batches and waits for the worker threads to stop. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Future<HostBatch> f : inflight) {
            f.cancel(true);
        }
        inflight.clear();
        if (pool != null) {
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("batch loader threads did not stop within a minute");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
