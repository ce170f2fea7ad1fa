package io.github.djlssl.examples.bench;

/**
 * One memory sample of a soak, taken after a full GC.
 *
 * @param step steps finished when it was taken
 * @param heapAfterGcBytes Java heap in use after {@code System.gc()}
 * @param residentBytes resident set size of the process (heap + native tensors + JVM)
 */
public record MemorySample(long step, long heapAfterGcBytes, long residentBytes) {}
