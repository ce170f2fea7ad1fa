/**
 * I-JEPA — Assran, Duval, Misra, Bojanowski, Vincent, Rabbat, LeCun, Ballas, "Self-Supervised
 * Learning from Images with a Joint-Embedding Predictive Architecture", CVPR 2023,
 * arXiv:2301.08243; reference code facebookresearch/ijepa. {@link
 * io.github.djlssl.hybrid.ijepa.IJepa} is the strategy (§3), {@link
 * io.github.djlssl.hybrid.ijepa.IJepaPredictor} the narrow ViT predictor, {@link
 * io.github.djlssl.hybrid.ijepa.IJepaLoss} Eq. 1, and the masks come from ssl-core's {@link
 * io.github.djlssl.core.mask.MultiBlockMaskGenerator}.
 */
package io.github.djlssl.hybrid.ijepa;
