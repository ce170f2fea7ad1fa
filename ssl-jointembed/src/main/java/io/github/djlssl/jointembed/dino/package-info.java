/**
 * DINO — Caron, Touvron, Misra, Jégou, Mairal, Bojanowski, Joulin, "Emerging Properties in
 * Self-Supervised Vision Transformers", ICCV 2021, arXiv:2104.14294. {@link
 * io.github.djlssl.jointembed.dino.DinoHead} is the projection head with the weight-normalised last
 * layer, {@link io.github.djlssl.jointembed.dino.Center} the teacher centring (Eq. 4), {@link
 * io.github.djlssl.jointembed.dino.DinoLoss} the multi-crop cross-entropy (Eq. 3); the EMA teacher
 * is {@code io.github.djlssl.core.teacher.EmaTeacher}. Multi-crop plumbing is shared with SwAV
 * ({@code io.github.djlssl.jointembed.swav.MultiCrop}).
 */
package io.github.djlssl.jointembed.dino;
