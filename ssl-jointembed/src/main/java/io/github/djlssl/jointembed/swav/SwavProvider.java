package io.github.djlssl.jointembed.swav;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers SwAV as {@code swav}. Paper optimiser: LARS, lr 0.6 × B/256 with cosine decay, weight
 * decay 1e-6, 10 warm-up epochs (Caron et al. 2020, Appendix A.1).
 */
public final class SwavProvider implements SslMethodProvider<SwavConfig> {

    @Override
    public String id() {
        return Swav.ID;
    }

    @Override
    public String description() {
        return "SwAV — swapped prediction of Sinkhorn-Knopp cluster codes, multi-crop (Caron et"
                   + " al., 2020)";
    }

    @Override
    public Class<SwavConfig> configType() {
        return SwavConfig.class;
    }

    @Override
    public SwavConfig defaultConfig() {
        return SwavConfig.defaults();
    }

    @Override
    public SslMethod create(SwavConfig config, MethodContext context) {
        return new Swav(config, context);
    }
}
