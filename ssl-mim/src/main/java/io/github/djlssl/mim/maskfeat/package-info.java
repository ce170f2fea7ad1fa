/**
 * MaskFeat — Wei, Fan, Xie, Wu, Yuille, Feichtenhofer, "Masked Feature Prediction for
 * Self-Supervised Visual Pre-Training", CVPR 2022, arXiv:2112.09133. {@link
 * io.github.djlssl.mim.maskfeat.HogFeatures} is the HOG target (pyslowfast's {@code HOGLayerC}),
 * {@link io.github.djlssl.mim.maskfeat.MaskFeatLoss} the masked-patch MSE, {@link
 * io.github.djlssl.mim.maskfeat.MaskFeat} the method (ViT encoders only).
 */
package io.github.djlssl.mim.maskfeat;
