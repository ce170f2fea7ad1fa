/** Benchmark mains: each measures one part of the library and prints a result record. */
package io.github.djlssl.examples.bench;
