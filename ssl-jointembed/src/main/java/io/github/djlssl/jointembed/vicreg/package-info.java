/**
 * VICReg — Bardes, Ponce, LeCun, "VICReg: Variance-Invariance-Covariance Regularization for
 * Self-Supervised Learning", ICLR 2022, arXiv:2105.04906. {@link
 * io.github.djlssl.jointembed.vicreg.VicRegLoss} is Eq. 1–6 as the official code
 * (facebookresearch/vicreg) computes them; {@link
 * io.github.djlssl.jointembed.vicreg.VicRegConfig#recommendedOptimizer(int)} is the paper's LARS
 * recipe.
 */
package io.github.djlssl.jointembed.vicreg;
