/**
 * Export of trained encoders: the safetensors file format ({@link
 * io.github.djlssl.core.export.SafetensorsWriter}, {@link
 * io.github.djlssl.core.export.SafetensorsReader}) and the mapping of an encoder to the {@code
 * state_dict} of torchvision's ResNet / timm's VisionTransformer ({@link
 * io.github.djlssl.core.export.EncoderExport}), so weights pretrained here load with {@code
 * strict=True} in PyTorch. DJL's own parameter format is exposed through the same class.
 */
package io.github.djlssl.core.export;
