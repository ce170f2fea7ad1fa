package io.github.djlssl.mim.beit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import java.util.List;
import io.github.djlssl.mim.common.MaskTokenInput;

/**
 * The first stage of BEiT in this library, registered as {@code beit-tokenizer}: trains a {@link
 * VqTokenizer} on the data with the VQ-VAE loss, through the same trainer as every method.
 *
 * <p>What this stage does <em>not</em> train: the encoder. The context's ViT only fixes the patch
 * grid the tokenizer must produce (its patch size); {@link #encoder()} returns it unchanged, so
 * the run's {@code encoder.params} are those of the random initialisation ({@link #trainsEncoder()}
 * is false, so the tool skips its kNN). The product of the run is the tokenizer: its checkpoint ({@code
 * checkpoints/epoch-N/model.safetensors}, entries {@code trainable/…} and {@code
 * state/tokenizer_config}) is what {@code --method beit --set tokenizer=RUN_DIR} loads.
 *
 * <p>Metrics: {@code reconstruction} (MSE of normalised pixels), {@code commitment}, and {@code
 * perplexity} — the effective number of codes in use per batch (1 = collapse, K = uniform).
 */
public final class BeitTokenizerTraining implements SslMethod {

    /** The registry id. */
    public static final String ID = "beit-tokenizer";

    private final VisionTransformer encoder;
    private final VqTokenizer tokenizer;
    private final NDArray architecture;
    private final MultiView views;

    /**
     * Builds the stage.
     *
     * @param config the settings
     * @param context encoder (a {@link VisionTransformer}, whose patch size the tokenizer takes),
     *     manager, normalisation
     * @throws IllegalArgumentException for a non-ViT encoder
     */
    public BeitTokenizerTraining(BeitTokenizerConfig config, MethodContext context) {
        this.encoder = MaskTokenInput.requireVit(context.encoder(), "beit-tokenizer");
        this.tokenizer = new VqTokenizer(config.tokenizer(), context.channels(), encoder.patchSize());
        tokenizer.initialize(context.manager(), DataType.FLOAT32,
                new Shape(2, context.channels(), context.imageSize(), context.imageSize()));
        this.architecture = TokenizerFile.configArray(tokenizer, context.manager());
        this.views = BeitViews.of(context.imageSize(), config.minCropScale(), config.colorJitter(),
                context.normalization());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MultiView views() {
        return views;
    }

    /**
     * Returns the tokenizer being trained.
     *
     * @return the VQ-VAE
     */
    @Override
    public Block trainable() {
        return tokenizer;
    }

    /**
     * Returns the tokenizer being trained.
     *
     * @return the VQ-VAE
     */
    public VqTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Returns the context's encoder, untouched: this stage trains no encoder (see the class
     * documentation).
     *
     * @return the ViT given in the context
     */
    @Override
    public Encoder encoder() {
        return encoder;
    }

    @Override
    public NDList stateArrays() {
        NDList state = new NDList(architecture);
        state.addAll(tokenizer.codebookState());
        return state;
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        VqOutput out = tokenizer.trainForward(step.parameterStore(), batchViews.get(0), step.rng().split());
        return LossOutput.of(out.loss())
                .with("reconstruction", out.reconstruction())
                .with("commitment", out.commitment())
                .with("perplexity", out.perplexity());
    }

    /** EMA codebook update (VQ-VAE Appendix A.1) after the optimiser step. */
    @Override
    public void afterStep(TrainingStep step) {
        tokenizer.updateCodebook();
    }

    @Override
    public void close() {
        architecture.close();
    }

    /** The product is the tokenizer, not the encoder: no encoder evaluation after this run. */
    @Override
    public boolean trainsEncoder() {
        return false;
    }
}
