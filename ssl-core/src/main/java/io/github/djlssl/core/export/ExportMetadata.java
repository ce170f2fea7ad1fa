package io.github.djlssl.core.export;

import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.encoder.PositionalEmbedding;
import io.github.djlssl.core.encoder.ResNet;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code __metadata__} of an exported encoder: enough to rebuild it ({@link EncoderSpec}
 * fields, normalisation) and to build the matching PyTorch module (stem, pooling, ε). All values
 * are strings, as safetensors requires.
 *
 * <p>Keys: {@code format=pt}, {@code producer=djl-ssl}, {@code architecture}, {@code encoder},
 * {@code image_size}, {@code input_channels}, {@code width}, {@code patch_size}, {@code pooling},
 * {@code normalize_mean}, {@code normalize_std} (comma-separated), {@code torch_module}; ResNets add
 * {@code small_stem}; ViTs add {@code embed_dim, depth, num_heads, mlp_ratio, qkv_bias,
 * class_token, global_pool, layer_norm_eps, pos_embed}.
 */
public final class ExportMetadata {

    private ExportMetadata() {}

    /**
     * Describes an encoder.
     *
     * @param encoder the encoder (a {@link ResNet} or {@link VisionTransformer} adds its details)
     * @param spec the spec it was built from
     * @param normalization the input normalisation it was trained with
     * @return insertion-ordered string pairs
     */
    public static Map<String, String> of(Encoder encoder, EncoderSpec spec, Normalize normalization) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put("producer", "djl-ssl");
        m.put("architecture", encoder.architecture());
        m.put("encoder", spec.name());
        m.put("image_size", Integer.toString(spec.imageSize()));
        m.put("input_channels", Integer.toString(spec.inputChannels()));
        m.put("width", Integer.toString(spec.width()));
        m.put("patch_size", Integer.toString(spec.patchSize()));
        m.put("pooling", spec.pooling().name());
        m.put("feature_dim", Integer.toString(encoder.featureDim()));
        m.put("normalize_mean", join(normalization.mean()));
        m.put("normalize_std", join(normalization.std()));
        if (encoder instanceof ResNet r) {
            boolean small = r.config().usesSmallImageStem();
            m.put("small_stem", Boolean.toString(small));
            m.put("torch_module", "torchvision.models.ResNet, fc = Identity"
                    + (small ? "; small stem: conv1 3x3 stride 1 padding 1, maxpool = Identity" : ""));
        } else if (encoder instanceof VisionTransformer v) {
            VitConfig c = v.config();
            m.put("embed_dim", Integer.toString(c.embedDim()));
            m.put("depth", Integer.toString(c.depth()));
            m.put("num_heads", Integer.toString(c.numHeads()));
            m.put("mlp_ratio", Double.toString(c.mlpRatio()));
            m.put("qkv_bias", Boolean.toString(c.qkvBias()));
            m.put("class_token", Boolean.toString(c.classToken()));
            m.put("global_pool", c.pooling() == VitConfig.Pooling.CLS ? "token" : "avg");
            m.put("layer_norm_eps", Float.toString(c.layerNormEps()));
            m.put("pos_embed", c.positionalEmbedding() == PositionalEmbedding.SINCOS_2D ? "sincos-2d (fixed)" : "learned");
            m.put("torch_module", "timm.models.vision_transformer.VisionTransformer, num_classes = 0, fc_norm = False");
        }
        return m;
    }

    /**
     * Rebuilds the spec stored by {@link #of}.
     *
     * @param metadata a file's metadata
     * @return the spec
     * @throws IllegalArgumentException when a key is missing or malformed (names it)
     */
    public static EncoderSpec spec(Map<String, String> metadata) {
        return new EncoderSpec(
                required(metadata, "encoder"),
                integer(metadata, "image_size"),
                integer(metadata, "input_channels"),
                integer(metadata, "width"),
                integer(metadata, "patch_size"),
                pooling(required(metadata, "pooling")));
    }

    private static VitConfig.Pooling pooling(String value) {
        try {
            return VitConfig.Pooling.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metadata 'pooling' must be CLS or MEAN, got " + value, e);
        }
    }

    /**
     * Rebuilds the normalisation stored by {@link #of}.
     *
     * @param metadata a file's metadata
     * @return the per-channel normalisation
     * @throws IllegalArgumentException when a key is missing or malformed
     */
    public static Normalize normalization(Map<String, String> metadata) {
        return new Normalize(floats(metadata, "normalize_mean"), floats(metadata, "normalize_std"));
    }

    private static String join(float[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append(values[i]);
        }
        return b.toString();
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException(
                    "metadata key '" + key + "' is missing: not a djl-ssl encoder export");
        }
        return v;
    }

    private static int integer(Map<String, String> m, String key) {
        String v = required(m, key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata '" + key + "' is not an integer: " + v, e);
        }
    }

    private static float[] floats(Map<String, String> m, String key) {
        String[] parts = required(m, key).split(",");
        float[] out = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Float.parseFloat(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata '" + key + "' is not a list of numbers: " + m.get(key), e);
        }
        return out;
    }
}
