package org.example.simsiam;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/** Registers SimSiam as {@code simsiam} (listed in META-INF/services). */
public final class SimSiamProvider implements SslMethodProvider<SimSiamConfig> {

    @Override
    public String id() {
        return SimSiam.ID;
    }

    @Override
    public String description() {
        return "SimSiam — stop-gradient Siamese networks (Chen & He, 2021)";
    }

    @Override
    public Class<SimSiamConfig> configType() {
        return SimSiamConfig.class;
    }

    @Override
    public SimSiamConfig defaultConfig() {
        return SimSiamConfig.defaults();
    }

    @Override
    public SslMethod create(SimSiamConfig config, MethodContext context) {
        return new SimSiam(config, context);
    }
}
