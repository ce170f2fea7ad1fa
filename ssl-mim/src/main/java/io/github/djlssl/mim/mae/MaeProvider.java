package io.github.djlssl.mim.mae;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers MAE as {@code mae}. Needs a ViT encoder ({@code vit-tiny|small|base}, any patch size
 * dividing the image).
 *
 * <p>Paper recipe (He et al., 2022, Table 8): AdamW, lr 1.5e-4 × B/256, betas (0.9, 0.95), wd
 * 0.05, 40 warm-up epochs, cosine decay. On the command line: {@code --optimizer adamw --lr
 * <1.5e-4·B/256> --warmup-epochs 40 --set optimizer.beta2=0.95}; for 28–32 px images a small
 * decoder: {@code --set decoderDim=128 --set decoderDepth=2 --set decoderHeads=4} ({@link
 * MaeConfig#smallImages()}).
 */
public final class MaeProvider implements SslMethodProvider<MaeConfig> {

    @Override
    public String id() {
        return Mae.ID;
    }

    @Override
    public String description() {
        return "MAE — masked autoencoder, encoder on visible patches only (He et al., 2022)";
    }

    @Override
    public Class<MaeConfig> configType() {
        return MaeConfig.class;
    }

    @Override
    public MaeConfig defaultConfig() {
        return MaeConfig.defaults();
    }

    @Override
    public SslMethod create(MaeConfig config, MethodContext context) {
        return new Mae(config, context);
    }
}
