/**
 * SimMIM — Xie, Zhang, Cao, Lin, Bao, Yao, Dai, Hu, "SimMIM: a Simple Framework for Masked Image
 * Modeling", CVPR 2022, arXiv:2111.09886. {@link io.github.djlssl.mim.simmim.SimMim} is the method
 * (§3), {@link io.github.djlssl.mim.common.MaskTokenInput} the masked encoder input (shared), {@link
 * io.github.djlssl.mim.simmim.SimMimLoss} Eq. 1 (L1 on masked pixels), {@link
 * io.github.djlssl.mim.simmim.SimMimConfig} the settings with the paper's defaults.
 */
package io.github.djlssl.mim.simmim;
