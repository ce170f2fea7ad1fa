/**
 * SwAV — Caron, Misra, Mairal, Goyal, Bojanowski, Joulin, "Unsupervised Learning of Visual Features
 * by Contrasting Cluster Assignments", NeurIPS 2020, arXiv:2006.09882. {@link
 * io.github.djlssl.jointembed.swav.SinkhornKnopp} computes the codes (§3.1, the official {@code
 * distributed_sinkhorn}), {@link io.github.djlssl.jointembed.swav.SwavLoss} the swapped prediction
 * (Eq. 1–2), {@link io.github.djlssl.jointembed.swav.FeatureQueue} the small-batch queue.
 *
 * <p>Multi-crop pieces shared with DINO live here too — {@link
 * io.github.djlssl.jointembed.swav.MultiCrop} (local crop size, one backbone pass per resolution),
 * {@link io.github.djlssl.jointembed.swav.MultiCropCrossEntropy} (every target crop against every
 * other crop) and {@link io.github.djlssl.jointembed.swav.PrototypeLayer} (SwAV's prototypes and
 * DINO's weight-normalised last layer, freezable for the first epochs).
 */
package io.github.djlssl.jointembed.swav;
