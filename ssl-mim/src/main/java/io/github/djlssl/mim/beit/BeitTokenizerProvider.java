package io.github.djlssl.mim.beit;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;

/**
 * Registers the tokenizer stage of BEiT as {@code beit-tokenizer}. Use the ViT (and patch size)
 * that BEiT will use; then run {@code --method beit --set tokenizer=RUN_DIR}. VQ-VAE optimiser:
 * Adam, lr 2e-4 (see {@link BeitTokenizerConfig}).
 */
public final class BeitTokenizerProvider implements SslMethodProvider<BeitTokenizerConfig> {

    @Override
    public String id() {
        return BeitTokenizerTraining.ID;
    }

    @Override
    public String description() {
        return "BEiT stage 1 — train the VQ-VAE visual tokenizer (van den Oord et al., 2017)"
                + " that beit predicts; trains no encoder";
    }

    @Override
    public Class<BeitTokenizerConfig> configType() {
        return BeitTokenizerConfig.class;
    }

    @Override
    public BeitTokenizerConfig defaultConfig() {
        return BeitTokenizerConfig.defaults();
    }

    @Override
    public SslMethod create(BeitTokenizerConfig config, MethodContext context) {
        return new BeitTokenizerTraining(config, context);
    }
}
