/**
 * Patch-mask generators for masked-image modelling and I-JEPA, batched on the device.
 *
 * <h2>The one convention</h2>
 *
 * <ul>
 *   <li>An image is a {@link io.github.djlssl.core.mask.PatchGrid} of {@code H x W} patches
 *       (usually square), numbered <b>row-major</b>: patch {@code (r, c)} has index {@code r * W +
 *       c}, {@code 0 <= index < L = H * W} (the order of {@code TokenEncoder}'s tokens).
 *   <li>A mask is {@code [B, L]} with <b>1 = masked</b> (hidden from the encoder, predicted by
 *       the loss) and <b>0 = visible</b>, as in MAE. {@link io.github.djlssl.core.mask.PatchMask}
 *       holds it as boolean and as float32 (for loss weighting).
 *   <li>Index tensors are int64. Per-sample index lists are sorted ascending; {@code keepIndices
 *       [B, K]} lists visible patches, {@code maskedIndices [B, M]} masked ones, {@code K + M =
 *       L}.
 *   <li>Every generator draws from a {@link io.github.djlssl.core.random.Rng} only, so the same
 *       seed gives the same masks on any device, and a checkpointed {@code Rng} state resumes them
 *       exactly.
 * </ul>
 *
 * <h2>Generators</h2>
 *
 * <ul>
 *   <li>{@link io.github.djlssl.core.mask.RandomMaskGenerator}: MAE (He et al. 2022, §3), uniform
 *       random masking with an exact count per sample, on the device.
 *   <li>{@link io.github.djlssl.core.mask.BlockMaskGenerator}: BEiT block-wise masking (Bao et al.
 *       2022, §2.2, Algorithm 1), host-side over the small grid, uploaded once.
 *   <li>{@link io.github.djlssl.core.mask.SimMimMaskGenerator}: SimMIM (Xie et al. 2022, §3.1),
 *       random masking of coarse mask patches, upsampled to the model's patch grid.
 *   <li>{@link io.github.djlssl.core.mask.MultiBlockMaskGenerator}: I-JEPA (Assran et al. 2023,
 *       §3), several target blocks and one context block without them.
 * </ul>
 *
 * <p>{@link io.github.djlssl.core.mask.TokenGather} turns index tensors into token tensors.
 */
package io.github.djlssl.core.mask;
