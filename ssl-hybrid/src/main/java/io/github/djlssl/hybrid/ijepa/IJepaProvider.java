package io.github.djlssl.hybrid.ijepa;

import io.github.djlssl.core.encoder.TokenEncoder;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers I-JEPA as {@code ijepa}. It needs a ViT ({@link TokenEncoder}): the context encoder
 * runs on a subset of patch tokens.
 *
 * <p>Optimiser recipe of the paper (Appendix A.1): AdamW, lr 2e-4 → 1e-3 linear warm-up over 40
 * epochs then cosine to 1e-6 (300 epochs, batch 2048), weight decay cosine 0.04 → 0.4. See {@link
 * IJepaConfig} for the settings and their small-image values.
 */
public final class IJepaProvider implements SslMethodProvider<IJepaConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(IJepaProvider.class);

    @Override
    public String id() {
        return IJepa.ID;
    }

    @Override
    public String description() {
        return "I-JEPA — predict target-block representations from a context block (Assran et al., 2023)";
    }

    @Override
    public Class<IJepaConfig> configType() {
        return IJepaConfig.class;
    }

    @Override
    public IJepaConfig defaultConfig() {
        return IJepaConfig.defaults();
    }

    /**
     * Builds I-JEPA.
     *
     * @throws IllegalArgumentException if the encoder is not a ViT, or the predictor's head count
     *     cannot be derived or does not divide its width
     */
    @Override
    public SslMethod create(IJepaConfig config, MethodContext context) {
        if (!(context.encoder() instanceof TokenEncoder)) {
            throw new IllegalArgumentException("I-JEPA needs a Vision Transformer encoder (it encodes"
                    + " a subset of patch tokens), got '" + context.encoder().architecture()
                    + "'; use e.g. --encoder vit-tiny");
        }
        int heads = config.predictorHeads();
        if (heads == 0) {
            if (!(context.encoder() instanceof VisionTransformer vit)) {
                throw new IllegalArgumentException("predictorHeads = 0 (the encoder's) needs a "
                        + "VisionTransformer; set predictorHeads for " + context.encoder().architecture());
            }
            heads = vit.config().numHeads();
        }
        if (config.predictorWidth() % heads != 0) {
            throw new IllegalArgumentException("predictorWidth " + config.predictorWidth()
                    + " is not divisible by the predictor's " + heads + " heads; set predictorHeads");
        }
        if (context.encoder() instanceof VisionTransformer vit
                && vit.config().pooling() == VitConfig.Pooling.CLS) {
            // The loss only sees patch tokens: the CLS output is never a prediction target.
            LOG.warn("I-JEPA trains patch tokens only; the encoder pools its CLS token for"
                    + " evaluation. The paper evaluates the mean of the patch tokens"
                    + " (VitConfig.Pooling.MEAN, no class token).");
        }
        return new IJepa(config, context, heads);
    }
}
