package io.github.djlssl.jointembed.byol;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers BYOL as {@code byol}. Paper recipe (§3.3): LARS, lr 0.2 × B/256, wd 1.5e-6, 10
 * warm-up epochs then cosine, batch 4096.
 */
public final class ByolProvider implements SslMethodProvider<ByolConfig> {

    @Override
    public String id() {
        return Byol.ID;
    }

    @Override
    public String description() {
        return "BYOL — online predictor regresses an EMA target, no negatives (Grill et al., 2020)";
    }

    @Override
    public Class<ByolConfig> configType() {
        return ByolConfig.class;
    }

    @Override
    public ByolConfig defaultConfig() {
        return ByolConfig.defaults();
    }

    @Override
    public SslMethod create(ByolConfig config, MethodContext context) {
        return new Byol(config, context);
    }
}
