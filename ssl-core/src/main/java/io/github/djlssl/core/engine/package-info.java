/**
 * Process-wide settings of the native engine that must be in place before the first kernel runs:
 * {@link io.github.djlssl.core.engine.OneDnnIsaGuard} keeps libtorch's oneDNN convolutions off
 * their AVX-512 kernels on CPUs that report no cache sizes, where those kernels return NaN
 * gradients.
 */
package io.github.djlssl.core.engine;
