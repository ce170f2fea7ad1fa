package io.github.djlssl.jointembed.moco;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers MoCo v3 as {@code mocov3}. Paper recipe (Chen, Xie, He 2021, Appendix): ViT — AdamW,
 * lr 1.5e-4 × B/256, wd 0.1, 40 warm-up epochs, cosine; ResNet-50 — LARS, lr 0.3 × B/256, wd
 * 1.5e-6; batch 4096.
 */
public final class MoCoV3Provider implements SslMethodProvider<MoCoConfig> {

    @Override
    public String id() {
        return MoCo.ID_V3;
    }

    @Override
    public String description() {
        return "MoCo v3 — symmetric contrastive loss, in-batch negatives, predictor (Chen, Xie, He, 2021)";
    }

    @Override
    public Class<MoCoConfig> configType() {
        return MoCoConfig.class;
    }

    @Override
    public MoCoConfig defaultConfig() {
        return MoCoConfig.v3();
    }

    @Override
    public SslMethod create(MoCoConfig config, MethodContext context) {
        return new MoCo(config, context);
    }
}
