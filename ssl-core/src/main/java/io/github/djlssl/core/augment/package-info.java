/**
 * Batched image augmentation for self-supervised pretraining: every op takes a whole batch
 * {@code [B, C, H, W]} on its device, draws a few parameters per sample from a seeded {@link
 * io.github.djlssl.core.random.Rng}, uploads them in one copy, and does the pixel work as batched
 * NDArray ops (no per-pixel or per-sample Java loops over pixels).
 *
 * <p>Building blocks: {@link io.github.djlssl.core.augment.ToFloat}, {@link
 * io.github.djlssl.core.augment.RandomResizedCrop}, {@link
 * io.github.djlssl.core.augment.RandomHorizontalFlip}, {@link
 * io.github.djlssl.core.augment.ColorJitter}, {@link
 * io.github.djlssl.core.augment.RandomGrayscale}, {@link
 * io.github.djlssl.core.augment.GaussianBlur}, {@link io.github.djlssl.core.augment.Solarize},
 * {@link io.github.djlssl.core.augment.Normalize}, {@link io.github.djlssl.core.augment.ToRgb};
 * composed by {@link io.github.djlssl.core.augment.AugmentationPipeline}; turned into the views a
 * method trains on by {@link io.github.djlssl.core.augment.MultiView}; with the papers' recipes in
 * {@link io.github.djlssl.core.augment.AugmentationPresets}.
 *
 * <p>Ownership: {@link io.github.djlssl.core.augment.BatchAugmentation#apply} never modifies its
 * input and returns a new array attached to the input's manager; {@link
 * io.github.djlssl.core.augment.BatchAugmentation#applyConsuming} may reuse the input's storage,
 * which is how a pipeline keeps large temporaries (expensive to allocate on CPU) to a minimum.
 */
package io.github.djlssl.core.augment;
