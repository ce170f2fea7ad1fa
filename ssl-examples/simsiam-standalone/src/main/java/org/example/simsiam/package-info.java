/**
 * SimSiam written outside djl-ssl against its public API only: a config record, the loss, the
 * {@link io.github.djlssl.core.method.SslMethod}, its provider (registered in META-INF/services),
 * and a {@code Main} that trains it with the library's trainer.
 */
package org.example.simsiam;
