/** Seeded, checkpointable randomness shared by augmentation, masking and data loading. */
package io.github.djlssl.core.random;
