/**
 * MLP heads that sit on an encoder's pooled features during self-supervised pretraining: the
 * {@link io.github.djlssl.core.head.ProjectionHead} (SimCLR, MoCo, BYOL, Barlow Twins, VICReg, …)
 * and the {@link io.github.djlssl.core.head.PredictionHead} presets (BYOL, SimSiam, MoCo v3).
 */
package io.github.djlssl.core.head;
