package io.github.djlssl.mim.beit;

import ai.djl.ndarray.NDArray;

/**
 * One VQ-VAE forward pass (van den Oord et al. 2017, Eq. 3).
 *
 * @param loss {@code reconstruction + codebook + β · commitment}, scalar
 * @param reconstruction mean squared error of the decoded images, scalar
 * @param codebook {@code mean ‖sg[z_e] − e‖²}, moves the codes, scalar
 * @param commitment {@code mean ‖z_e − sg[e]‖²}, keeps the encoder near its codes, scalar
 * @param perplexity {@code exp(entropy)} of the batch's code usage, in [1, K], scalar
 * @param codes int64 {@code [B, L]}
 * @param decoded the reconstruction {@code [B, C, H, W]}
 */
public record VqOutput(
        NDArray loss,
        NDArray reconstruction,
        NDArray codebook,
        NDArray commitment,
        NDArray perplexity,
        NDArray codes,
        NDArray decoded) {}
