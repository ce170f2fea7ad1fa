package io.github.djlssl.jointembed.moco;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers MoCo v2 as {@code moco}. Paper recipe: SGD, lr 0.03 × B/256, momentum 0.9, wd 1e-4,
 * cosine decay (Chen et al. 2020b, §2); K = 65,536 is for ImageNet, use a few thousand on small
 * data ({@code --set queueSize=4096}).
 */
public final class MoCoProvider implements SslMethodProvider<MoCoConfig> {

    @Override
    public String id() {
        return MoCo.ID_V2;
    }

    @Override
    public String description() {
        return "MoCo v2 — momentum encoder and a queue of negatives, InfoNCE (Chen, Fan, Girshick, He, 2020)";
    }

    @Override
    public Class<MoCoConfig> configType() {
        return MoCoConfig.class;
    }

    @Override
    public MoCoConfig defaultConfig() {
        return MoCoConfig.v2();
    }

    @Override
    public SslMethod create(MoCoConfig config, MethodContext context) {
        return new MoCo(config, context);
    }
}
