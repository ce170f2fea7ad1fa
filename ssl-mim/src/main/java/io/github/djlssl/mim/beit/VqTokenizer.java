package io.github.djlssl.mim.beit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.tensor.Scalars;

/**
 * A VQ-VAE visual tokenizer (van den Oord et al. 2017) whose latent grid is the ViT's patch grid,
 * so each code is the token of one patch.
 *
 * <p>Encoder: {@code conv3×3(C→h)}, ReLU, then for patch {@code p = 2^k · r} k stride-2 {@code
 * conv4×4} and, if r &gt; 1, one stride-r {@code conv r×r} (each + ReLU), then {@code conv1×1(h→D)}:
 * {@code [B, C, H, W] → z_e [B, D, H/p, W/p]}. Quantisation: each {@code z_e} vector becomes its
 * nearest codebook entry (squared Euclidean distance); the straight-through estimator {@code z_e
 * + sg[z_q − z_e]} carries the decoder's gradient to the encoder. The decoder mirrors the encoder
 * with nearest-neighbour upsampling followed by {@code conv3×3} (+ ReLU) in place of each
 * downsampling step, then {@code conv3×3(h→C)}. Loss (Eq. 3): {@code ‖x − x̂‖² + ‖sg[z_e] − z_q‖² + β ‖z_e −
 * sg[z_q]‖²}, each a mean. The codebook term has no gradient here: the codebook is not trained
 * by the optimiser but by {@link EmaCodebook} (EMA k-means, VQ-VAE Appendix A.1, started from the
 * first batch's encoder outputs, dead codes restarted), so the training loss is {@code ‖x − x̂‖² +
 * β ‖z_e − sg[z_q]‖²} and the codebook term is reported as a metric. Training goes through {@link
 * #trainForward} then {@link #updateCodebook()} after the optimiser step; {@link #forwardVq} and
 * {@link #tokenize} never change the codebook. Before training the codebook is U(−1/K, 1/K).
 * Watch {@link VqOutput#perplexity}: the effective number of codes in use.
 *
 * <p>Parameters are named {@code 01encoder_…}, {@code 02decoder_…} and {@code codebook}; {@link
 * TokenizerFile} saves and loads them with the architecture.
 */
public final class VqTokenizer extends AbstractBlock implements VisualTokenizer {

    private static final byte VERSION = 1;

    private final VqTokenizerConfig config;
    private final int channels;
    private final int patchSize;
    private final SequentialBlock encoder;
    private final SequentialBlock decoder;
    private final Parameter codebook;
    private EmaCodebook ema;
    private ParameterStore ownStore;

    /**
     * Builds an uninitialised tokenizer; initialise it with an input shape {@code [B, C, H, W]}
     * whose sides are multiples of the patch size.
     *
     * @param config codebook and widths
     * @param channels image channels C
     * @param patchSize the ViT's patch side p: one code per {@code p × p} patch
     */
    public VqTokenizer(VqTokenizerConfig config, int channels, int patchSize) {
        super(VERSION);
        if (channels < 1 || patchSize < 1) {
            throw new IllegalArgumentException(
                    "channels and patchSize must be >= 1, got " + channels + ", " + patchSize);
        }
        this.config = config;
        this.channels = channels;
        this.patchSize = patchSize;
        int halvings = Integer.numberOfTrailingZeros(patchSize);
        int rest = patchSize >> halvings;
        int h = config.hiddenChannels();
        SequentialBlock enc = new SequentialBlock().add(conv(h, 3, 1, 1)).add(Activation.reluBlock());
        for (int i = 0; i < halvings; i++) {
            enc.add(conv(h, 4, 2, 1)).add(Activation.reluBlock());
        }
        if (rest > 1) {
            enc.add(conv(h, rest, rest, 0)).add(Activation.reluBlock());
        }
        enc.add(conv(config.codeDim(), 1, 1, 0));
        SequentialBlock dec = new SequentialBlock().add(conv(h, 1, 1, 0)).add(Activation.reluBlock());
        if (rest > 1) {
            dec.add(upsample(rest)).add(conv(h, 3, 1, 1)).add(Activation.reluBlock());
        }
        for (int i = 0; i < halvings; i++) {
            dec.add(upsample(2)).add(conv(h, 3, 1, 1)).add(Activation.reluBlock());
        }
        dec.add(conv(channels, 3, 1, 1));
        this.encoder = addChildBlock("encoder", enc);
        this.decoder = addChildBlock("decoder", dec);
        this.codebook =
                addParameter(
                        Parameter.builder()
                                .setName("codebook")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(config.codebookSize(), config.codeDim()))
                                .optInitializer(
                                        new UniformInitializer(1f / config.codebookSize()))
                                .optRequiresGrad(false) // EMA-updated, see EmaCodebook
                                .build());
    }

    private static Conv2d conv(int filters, int kernel, int stride, int pad) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .build();
    }

    /**
     * Nearest-neighbour upsampling by {@code factor} ({@code repeat} along H and W). Transposed
     * convolutions would be the textbook decoder, but DJL's PyTorch engine does not implement
     * them; upsample + conv is the usual replacement and avoids their checkerboard artefacts.
     */
    private static LambdaBlock upsample(int factor) {
        return new LambdaBlock(
                in -> new NDList(in.singletonOrThrow().repeat(2, factor).repeat(3, factor)),
                "upsample" + factor);
    }

    /**
     * Returns the configuration.
     *
     * @return codebook size, widths, β
     */
    public VqTokenizerConfig config() {
        return config;
    }

    /**
     * Returns the image channels.
     *
     * @return C
     */
    public int channels() {
        return channels;
    }

    @Override
    public int patchSize() {
        return patchSize;
    }

    @Override
    public int vocabularySize() {
        return config.codebookSize();
    }

    /**
     * Runs encoder, quantiser and decoder and computes the VQ-VAE loss, leaving the codebook
     * unchanged.
     *
     * @param ps the caller's parameter store
     * @param images normalised images {@code [B, C, H, W]}
     * @param training training mode
     * @return losses, perplexity, codes and the reconstruction, on the images' manager
     */
    public VqOutput forwardVq(ParameterStore ps, NDArray images, boolean training) {
        return forward(ps, images, training, null);
    }

    /**
     * The training forward: starts the codebook from this batch's encoder outputs on the first
     * call, runs {@link #forwardVq} in training mode and records the assignment statistics that
     * the next {@link #updateCodebook()} applies.
     *
     * @param ps the caller's parameter store
     * @param images normalised images {@code [B, C, H, W]}
     * @param rng source of the start rows and restart candidates
     * @return as {@link #forwardVq}
     */
    public VqOutput trainForward(ParameterStore ps, NDArray images, Rng rng) {
        return forward(ps, images, true, rng);
    }

    /**
     * Applies the EMA codebook update with the statistics of the training forwards since the
     * last call (after the optimiser step; see {@link EmaCodebook}).
     */
    public void updateCodebook() {
        ema().update(codebook.getArray());
    }

    /**
     * Returns the EMA codebook state for checkpoints.
     *
     * @return named state arrays
     */
    public NDList codebookState() {
        return ema().stateArrays();
    }

    private EmaCodebook ema() {
        if (ema == null) {
            throw new IllegalStateException("initialise the tokenizer first");
        }
        return ema;
    }

    private VqOutput forward(ParameterStore ps, NDArray images, boolean training, Rng rng) {
        NDManager caller = images.getManager();
        try (NDManager sub = caller.newSubManager(images.getDevice())) {
            sub.tempAttachAll(images);
            Shape s = images.getShape();
            long b = s.get(0);
            long gh = s.get(2) / patchSize;
            long gw = s.get(3) / patchSize;
            int dim = config.codeDim();
            NDArray latent = encoder.forward(ps, new NDList(images), training).singletonOrThrow();
            NDArray flat = latent.transpose(0, 2, 3, 1).reshape(-1, dim); // [N, D]
            if (rng != null) {
                ema().startIfNeeded(codebook.getArray(), flat, rng);
            }
            NDArray book = ps.getValue(codebook, images.getDevice(), training).stopGradient();
            book.attach(sub); // an op on a parameter lands in the model's manager otherwise
            NDArray codes = nearest(sub, flat, book);
            NDArray oneHot = codes.oneHot(config.codebookSize()); // [N, K]
            if (rng != null) {
                ema().accumulate(flat, oneHot, rng);
            }
            NDArray quantised = oneHot.matMul(book); // rows of the codebook
            NDArray commitment = flat.sub(quantised).square().mean();
            // the codebook term of Eq. 3 has the same value; EMA replaces its gradient
            NDArray codebookLoss = commitment.stopGradient();
            NDArray straight = flat.add(quantised.sub(flat).stopGradient());
            NDArray decoderIn = straight.reshape(b, gh, gw, dim).transpose(0, 3, 1, 2);
            NDArray decoded = decoder.forward(ps, new NDList(decoderIn), training).singletonOrThrow();
            NDArray reconstruction = decoded.sub(images).square().mean();
            NDArray loss = reconstruction.add(Scalars.mul(commitment, config.commitmentCost()));
            NDArray usage = oneHot.mean(new int[] {0});
            NDArray perplexity = usage.mul(usage.add(1e-10f).log()).sum().neg().exp();
            NDArray gridCodes = codes.reshape(b, gh * gw);
            VqOutput out = new VqOutput(loss, reconstruction, codebookLoss, commitment, perplexity,
                    gridCodes, decoded);
            for (NDArray a : new NDArray[] {loss, reconstruction, codebookLoss, commitment,
                    perplexity, gridCodes, decoded}) {
                a.attach(caller);
            }
            return out;
        }
    }

    /**
     * Computes the codes of images with this tokenizer's own parameter store (no gradient).
     *
     * @param images normalised images {@code [B, C, H, W]}
     * @return int64 {@code [B, L]}, on the images' manager
     */
    @Override
    public NDArray tokenize(NDArray images) {
        return tokenize(store(), images);
    }

    /**
     * Computes the codes of images through a given parameter store (no gradient).
     *
     * @param ps the caller's parameter store
     * @param images normalised images {@code [B, C, H, W]}
     * @return int64 {@code [B, L]}, on the images' manager
     */
    public NDArray tokenize(ParameterStore ps, NDArray images) {
        NDManager caller = images.getManager();
        try (NDManager sub = caller.newSubManager(images.getDevice())) {
            sub.tempAttachAll(images);
            Shape s = images.getShape();
            long grid = (s.get(2) / patchSize) * (s.get(3) / patchSize);
            NDArray latent =
                    encoder.forward(ps, new NDList(images.stopGradient()), false).singletonOrThrow();
            NDArray flat = latent.transpose(0, 2, 3, 1).reshape(-1, config.codeDim());
            NDArray book = ps.getValue(codebook, images.getDevice(), false);
            NDArray codes = nearest(sub, flat, book).reshape(s.get(0), grid);
            codes.attach(caller);
            return codes;
        }
    }

    /** argmin_k ‖z − e_k‖² = argmin_k (‖e_k‖² − 2 z·e_k); ‖z‖² is constant per row. */
    private static NDArray nearest(NDManager sub, NDArray flat, NDArray book) {
        NDArray detached = book.stopGradient();
        detached.attach(sub); // an op on a parameter lands in the model's manager otherwise
        NDArray bookT = detached.transpose();
        NDArray bookNorms = bookT.square().sum(new int[] {0}, true); // [1, K]
        NDArray scores = flat.stopGradient().matMul(bookT).mul(-2).add(bookNorms);
        return scores.argMin(1);
    }

    private synchronized ParameterStore store() {
        if (ownStore == null) {
            ownStore = new ParameterStore(codebook.getArray().getManager(), false);
        }
        return ownStore;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(tokenize(ps, inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), (s.get(2) / patchSize) * (s.get(3) / patchSize))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape in = inputs[0];
        if (in.dimension() != 4 || in.get(1) != channels
                || in.get(2) % patchSize != 0 || in.get(3) % patchSize != 0) {
            throw new IllegalArgumentException(
                    "VqTokenizer needs [B, " + channels + ", H, W] with H, W multiples of "
                            + patchSize + ", got " + in);
        }
        encoder.initialize(manager, dataType, in);
        Shape latent = new Shape(in.get(0), config.codeDim(), in.get(2) / patchSize,
                in.get(3) / patchSize);
        decoder.initialize(manager, dataType, latent);
        if (ema != null) {
            ema.close();
        }
        ema = new EmaCodebook(config.codebookSize(), config.codeDim(),
                (float) config.codebookDecay(), manager);
    }
}
