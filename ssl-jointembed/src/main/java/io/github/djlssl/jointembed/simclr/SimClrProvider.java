package io.github.djlssl.jointembed.simclr;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/** Registers SimCLR as {@code simclr}. */
public final class SimClrProvider implements SslMethodProvider<SimClrConfig> {

    @Override
    public String id() {
        return SimClr.ID;
    }

    @Override
    public String description() {
        return "SimCLR — contrastive NT-Xent over two views (Chen et al., 2020)";
    }

    @Override
    public Class<SimClrConfig> configType() {
        return SimClrConfig.class;
    }

    @Override
    public SimClrConfig defaultConfig() {
        return SimClrConfig.defaults();
    }

    @Override
    public SslMethod create(SimClrConfig config, MethodContext context) {
        return new SimClr(config, context);
    }
}
