package io.github.djlssl.jointembed.barlowtwins;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers Barlow Twins as {@code barlowtwins}. The paper trains it with LARS (lr 0.2 × B/256,
 * wd 1.5·10⁻⁶, 10 warm-up epochs): {@link BarlowTwinsConfig#recommendedOptimizer(int)}.
 */
public final class BarlowTwinsProvider implements SslMethodProvider<BarlowTwinsConfig> {

    @Override
    public String id() {
        return BarlowTwins.ID;
    }

    @Override
    public String description() {
        return "Barlow Twins — cross-correlation towards the identity (Zbontar et al., 2021)";
    }

    @Override
    public Class<BarlowTwinsConfig> configType() {
        return BarlowTwinsConfig.class;
    }

    @Override
    public BarlowTwinsConfig defaultConfig() {
        return BarlowTwinsConfig.defaults();
    }

    @Override
    public SslMethod create(BarlowTwinsConfig config, MethodContext context) {
        return new BarlowTwins(config, context);
    }
}
