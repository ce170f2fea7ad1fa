/**
 * MAE — He, Chen, Xie, Li, Dollár, Girshick, "Masked Autoencoders Are Scalable Vision Learners",
 * CVPR 2022, arXiv:2111.06377. {@link io.github.djlssl.mim.mae.Mae} is the method (§3), {@link
 * io.github.djlssl.mim.mae.MaeDecoder} the light decoder, {@link io.github.djlssl.mim.mae.MaeLoss}
 * the masked-patch MSE with the per-patch normalised target, {@link
 * io.github.djlssl.mim.mae.MaeConfig} the settings with the paper's defaults. Implementation
 * follows the official facebookresearch/mae {@code models_mae.py}.
 */
package io.github.djlssl.mim.mae;
