/**
 * Barlow Twins — Zbontar, Jing, Misra, LeCun, Deny, "Barlow Twins: Self-Supervised Learning via
 * Redundancy Reduction", ICML 2021, arXiv:2103.03230. {@link
 * io.github.djlssl.jointembed.barlowtwins.BarlowTwinsLoss} is Eq. 1–2 (following the official
 * code, facebookresearch/barlowtwins); {@link
 * io.github.djlssl.jointembed.barlowtwins.BarlowTwinsConfig#recommendedOptimizer(int)} is the
 * paper's LARS recipe.
 */
package io.github.djlssl.jointembed.barlowtwins;
