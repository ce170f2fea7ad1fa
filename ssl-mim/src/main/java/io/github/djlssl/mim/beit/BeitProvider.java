package io.github.djlssl.mim.beit;

import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Registers BEiT as {@code beit}: loads the tokenizer named by {@code tokenizer} (see {@link
 * BeitConfig}) onto the method's manager, frozen. ViT encoders only. Paper's optimiser: AdamW, lr
 * 1.5e-3 (batch 2048), weight decay 0.05, 10 warm-up epochs, cosine, clipping 3.0.
 */
public final class BeitProvider implements SslMethodProvider<BeitConfig> {

    @Override
    public String id() {
        return Beit.ID;
    }

    @Override
    public String description() {
        return "BEiT — predict visual tokens of block-masked patches (Bao et al., 2022);"
                + " needs a tokenizer from beit-tokenizer";
    }

    @Override
    public Class<BeitConfig> configType() {
        return BeitConfig.class;
    }

    @Override
    public BeitConfig defaultConfig() {
        return BeitConfig.defaults();
    }

    /**
     * Creates BEiT with the tokenizer loaded from {@code config.tokenizer()}.
     *
     * @throws IllegalArgumentException when no tokenizer is set, with the command that trains one
     * @throws UncheckedIOException when the tokenizer cannot be read
     */
    @Override
    public SslMethod create(BeitConfig config, MethodContext context) {
        if (config.tokenizer().isBlank()) {
            throw new IllegalArgumentException(
                    "BEiT needs a trained visual tokenizer (--set tokenizer=PATH); "
                            + TokenizerFile.HOW_TO_TRAIN);
        }
        try {
            VqTokenizer tokenizer = TokenizerFile.load(Path.of(config.tokenizer()), context.manager());
            if (tokenizer.channels() != context.channels()) {
                throw new IllegalArgumentException(
                        "the tokenizer was trained on " + tokenizer.channels()
                                + "-channel images, the encoder takes " + context.channels());
            }
            return new Beit(config, context, tokenizer);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
