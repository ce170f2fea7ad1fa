/**
 * Crash-safe file output: {@link io.github.djlssl.core.io.AtomicFiles} writes every file a run or
 * an export produces through a temporary sibling, fsync and an atomic rename, so a crash never
 * leaves a half-written file under the real name.
 */
package io.github.djlssl.core.io;
