package io.github.djlssl.core.data;

/** A batch assembled in Java memory by a worker: source indices, CHW pixels back to back, labels. */
record HostBatch(int[] indices, byte[] pixels, long[] labels) {}
