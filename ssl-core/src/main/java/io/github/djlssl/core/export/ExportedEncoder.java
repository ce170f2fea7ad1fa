package io.github.djlssl.core.export;

import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;

/**
 * An encoder read back from a safetensors export, with what its metadata says about it.
 *
 * @param encoder the initialised encoder holding the file's weights
 * @param spec the architecture, from the metadata
 * @param normalization the input normalisation, from the metadata
 */
public record ExportedEncoder(Encoder encoder, EncoderSpec spec, Normalize normalization) {}
