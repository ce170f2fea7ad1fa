/**
 * Vision backbones for self-supervised pretraining: torchvision-shaped {@link
 * io.github.djlssl.core.encoder.ResNet} (18/34/50) and timm/MAE-shaped {@link
 * io.github.djlssl.core.encoder.VisionTransformer} (Tiny/Small/Base), behind the {@link
 * io.github.djlssl.core.encoder.Encoder} and {@link io.github.djlssl.core.encoder.TokenEncoder}
 * interfaces, plus {@link io.github.djlssl.core.encoder.EncoderSpec} (name → encoder for the CLI),
 * {@link io.github.djlssl.core.encoder.PatchOps} (MAE's patchify) and {@link
 * io.github.djlssl.core.encoder.TorchNames} (DJL parameter name → PyTorch state-dict key).
 *
 * <p>Every block runs through DJL's ordinary {@code initialize(manager, FLOAT32, shape)} and
 * {@code forward(parameterStore, inputs, training)} paths, so it trains inside a DJL {@code Model}
 * and {@code Trainer}. Parameter initialisation draws from the engine's generator (seed it with
 * {@code Engine.getInstance().setRandomSeed}); it happens once per run, so resuming never needs it.
 */
package io.github.djlssl.core.encoder;
