package io.github.djlssl.jointembed.vicreg;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers VICReg as {@code vicreg}. The paper trains it with LARS (lr 0.2 × B/256, wd 10⁻⁶, 10
 * warm-up epochs): {@link VicRegConfig#recommendedOptimizer(int)}.
 */
public final class VicRegProvider implements SslMethodProvider<VicRegConfig> {

    @Override
    public String id() {
        return VicReg.ID;
    }

    @Override
    public String description() {
        return "VICReg — variance, invariance and covariance regularisation (Bardes et al., 2022)";
    }

    @Override
    public Class<VicRegConfig> configType() {
        return VicRegConfig.class;
    }

    @Override
    public VicRegConfig defaultConfig() {
        return VicRegConfig.defaults();
    }

    @Override
    public SslMethod create(VicRegConfig config, MethodContext context) {
        return new VicReg(config, context);
    }
}
