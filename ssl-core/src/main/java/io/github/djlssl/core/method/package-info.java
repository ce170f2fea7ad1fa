/**
 * The method contract: {@link io.github.djlssl.core.method.SslMethod} is what the trainer drives,
 * {@link io.github.djlssl.core.method.SslMethodProvider} is how a method registers itself.
 * Adding a method touches only its own package plus one line in {@code META-INF/services}.
 */
package io.github.djlssl.core.method;
