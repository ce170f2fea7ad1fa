package io.github.djlssl.mim.maskfeat;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers MaskFeat as {@code maskfeat}. ViT encoders only. Paper's optimiser: AdamW, lr 2e-4 ×
 * B/256, weight decay 0.05, 30 warm-up epochs, cosine (see {@link MaskFeatConfig}).
 */
public final class MaskFeatProvider implements SslMethodProvider<MaskFeatConfig> {

    @Override
    public String id() {
        return MaskFeat.ID;
    }

    @Override
    public String description() {
        return "MaskFeat — regress HOG features of block-masked patches (Wei et al., 2022)";
    }

    @Override
    public Class<MaskFeatConfig> configType() {
        return MaskFeatConfig.class;
    }

    @Override
    public MaskFeatConfig defaultConfig() {
        return MaskFeatConfig.defaults();
    }

    @Override
    public SslMethod create(MaskFeatConfig config, MethodContext context) {
        return new MaskFeat(config, context);
    }
}
