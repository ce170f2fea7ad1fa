package io.github.djlssl.jointembed.dino;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers DINO as {@code dino}. Paper optimiser: AdamW, lr 0.0005 × B/256, 10 warm-up epochs,
 * cosine to 1e-6, weight decay 0.04 → 0.4, clipping 3.0 (Caron et al. 2021, §4.1).
 */
public final class DinoProvider implements SslMethodProvider<DinoConfig> {

    @Override
    public String id() {
        return Dino.ID;
    }

    @Override
    public String description() {
        return "DINO — self-distillation with a centred, sharpened EMA teacher, multi-crop (Caron"
                   + " et al., 2021)";
    }

    @Override
    public Class<DinoConfig> configType() {
        return DinoConfig.class;
    }

    @Override
    public DinoConfig defaultConfig() {
        return DinoConfig.defaults();
    }

    @Override
    public SslMethod create(DinoConfig config, MethodContext context) {
        return new Dino(config, context);
    }
}
