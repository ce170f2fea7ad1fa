package io.github.djlssl.mim.simmim;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers SimMIM as {@code simmim}. Needs a ViT encoder ({@code vit-tiny|small|base}, any patch
 * size dividing the image).
 *
 * <p>Official ViT-B recipe: AdamW, lr 1e-4 × B/512, betas (0.9, 0.999), wd 0.05, 10 warm-up
 * epochs (see {@link SimMimConfig}). On the command line: {@code --optimizer adamw --lr
 * <1e-4·B/512> --warmup-epochs 10}.
 */
public final class SimMimProvider implements SslMethodProvider<SimMimConfig> {

    @Override
    public String id() {
        return SimMim.ID;
    }

    @Override
    public String description() {
        return "SimMIM — mask tokens in the encoder, linear head, L1 on masked pixels (Xie et al., 2022)";
    }

    @Override
    public Class<SimMimConfig> configType() {
        return SimMimConfig.class;
    }

    @Override
    public SimMimConfig defaultConfig() {
        return SimMimConfig.defaults();
    }

    @Override
    public SslMethod create(SimMimConfig config, MethodContext context) {
        return new SimMim(config, context);
    }
}
