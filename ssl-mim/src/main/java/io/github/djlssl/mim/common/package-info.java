/**
 * Building blocks shared by the masked-image-modelling methods: {@link
 * io.github.djlssl.mim.common.MaskTokenInput} (the ViT input with masked patches replaced by a
 * learned token, used by SimMIM, BEiT, MaskFeat and MAE's all-tokens ablation) and {@link
 * io.github.djlssl.mim.common.MaskedTokenPrediction} (BEiT's and MaskFeat's masked-token encoder
 * plus linear per-patch head).
 */
package io.github.djlssl.mim.common;
