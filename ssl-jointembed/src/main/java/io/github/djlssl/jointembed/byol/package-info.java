/**
 * BYOL — Grill, Strub, Altché, Tallec, Richemond, et al., "Bootstrap Your Own Latent: A New
 * Approach to Self-Supervised Learning", NeurIPS 2020, arXiv:2006.07733. {@link
 * io.github.djlssl.jointembed.byol.ByolLoss} is Eq. 2 symmetrised; the target is core's {@code
 * EmaTeacher} with the cosine τ schedule of §3.3; the views are
 * core's {@code AugmentationPresets.byol}, Table 6's asymmetric pair (also used by MoCo v3).
 */
package io.github.djlssl.jointembed.byol;
