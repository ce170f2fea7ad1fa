/**
 * Momentum Contrast. MoCo v2 — Chen, Fan, Girshick, He, "Improved Baselines with Momentum
 * Contrastive Learning", arXiv:2003.04297 (on He et al., "Momentum Contrast for Unsupervised Visual
 * Representation Learning", CVPR 2020): {@link io.github.djlssl.jointembed.moco.MoCoV2Loss} is
 * MoCo's Eq. 1 against the {@link io.github.djlssl.jointembed.moco.MoCoQueue}. MoCo v3 — Chen, Xie,
 * He, "An Empirical Study of Training Self-Supervised Vision Transformers", ICCV 2021: {@link
 * io.github.djlssl.jointembed.moco.MoCoV3Loss} is its Algorithm 1. One method class, {@link
 * io.github.djlssl.jointembed.moco.MoCo}, serves both through {@link
 * io.github.djlssl.jointembed.moco.MoCoConfig.Version}; two providers register the ids {@code moco}
 * (v2) and {@code mocov3}.
 */
package io.github.djlssl.jointembed.moco;
