/** Small NDArray building blocks shared by every module (engine-safe scalar arithmetic). */
package io.github.djlssl.core.tensor;
