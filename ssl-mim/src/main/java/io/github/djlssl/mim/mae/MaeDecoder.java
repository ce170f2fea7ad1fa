package io.github.djlssl.mim.mae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.github.djlssl.core.encoder.PositionalEmbedding;
import io.github.djlssl.core.encoder.TransformerBlock;
import io.github.djlssl.core.mask.TokenGather;
import io.github.djlssl.core.tensor.PerDeviceArray;

/**
 * MAE's light decoder (He et al., 2022, §3 "MAE decoder"; official {@code forward_decoder}):
 * encoder tokens {@code [B, P + K, D]} → pixel predictions {@code [B, L, p·p·C]} for every patch.
 *
 * <p>{@code decoder_embed} (Linear D → Dd) → append a learned {@code mask_token} for each of the
 * {@code L − K} hidden patches and put the sequence back in patch order with {@code
 * restoreIndices} ({@link TokenGather#restore}) → add the fixed 2-D sin-cos positions (a zero row
 * for the CLS token) → {@code decoderDepth} pre-norm {@link TransformerBlock}s → {@code
 * decoder_norm} → {@code decoder_pred} (Linear Dd → p·p·C) → drop the CLS position. Linears are
 * Xavier-uniform with zero bias and the mask token is N(0, 0.02²), as the official code.
 *
 * <p>Without restore indices the input already holds all {@code L} patch tokens in patch order
 * (the Table 1c "encoder w/ [M]" variant) and no decoder mask token is created.
 */
public final class MaeDecoder extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final XavierInitializer XAVIER_UNIFORM =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);

    private final int numPatches;
    private final int prefixTokens;
    private final int outputDim;
    private final Parameter maskToken;
    private final Linear embed;
    private final SequentialBlock blocks;
    private final LayerNorm norm;
    private final Linear pred;
    private final float[] positionTable;
    private final Shape positionShape;
    private final PerDeviceArray positions = new PerDeviceArray(this::newPositions);

    /**
     * Builds an uninitialised decoder; initialise it with the encoder-token shape {@code [B, P +
     * K, D]}.
     *
     * @param config decoder width, depth and heads
     * @param gridSize encoder patches per side g (L = g²)
     * @param prefixTokens the encoder's prefix tokens P (1 with a CLS token)
     * @param outputDim p·p·C, pixels per patch
     * @param withMaskToken false when the encoder already returns all L positions
     */
    public MaeDecoder(MaeConfig config, int gridSize, int prefixTokens, int outputDim, boolean withMaskToken) {
        super(VERSION);
        int dim = config.decoderDim();
        this.numPatches = gridSize * gridSize;
        this.prefixTokens = prefixTokens;
        this.outputDim = outputDim;
        maskToken =
                withMaskToken
                        ? addParameter(
                                Parameter.builder()
                                        .setName("mask_token")
                                        .setType(Parameter.Type.OTHER)
                                        .optShape(new Shape(1, 1, dim))
                                        .optInitializer(new NormalInitializer(0.02f))
                                        .build())
                        : null;
        embed = addChildBlock("decoder_embed", Linear.builder().setUnits(dim).build());
        blocks = addChildBlock("decoder_blocks", new SequentialBlock());
        int hidden = 4 * dim; // MAE's decoder mlp_ratio
        for (int i = 0; i < config.decoderDepth(); i++) {
            blocks.add(new TransformerBlock(dim, config.decoderHeads(), hidden, true, 1e-6f));
        }
        // axis(2): DJL's LayerNorm crashes on negative axes; tokens are [B, N, Dd].
        norm = addChildBlock("decoder_norm", LayerNorm.builder().axis(2).optEpsilon(1e-6f).build());
        pred = addChildBlock("decoder_pred", Linear.builder().setUnits(outputDim).build());
        embed.setInitializer(XAVIER_UNIFORM, Parameter.Type.WEIGHT);
        pred.setInitializer(XAVIER_UNIFORM, Parameter.Type.WEIGHT);
        positionTable = PositionalEmbedding.sinCos2d(dim, gridSize, prefixTokens);
        positionShape = new Shape(1, prefixTokens + numPatches, dim);
    }

    /**
     * Decodes encoder tokens to pixel predictions.
     *
     * @param ps the caller's parameter store
     * @param tokens encoder output {@code [B, P + K, D]} (prefix tokens first, then the visible
     *     patches in {@code keepIndices} order), or {@code [B, P + L, D]} without restore indices
     * @param restoreIndices int64 {@code [B, L]} from {@code PatchMask.restoreIndices()}, or null
     *     when {@code tokens} already covers every patch in order
     * @param training training mode
     * @return predictions {@code [B, L, p·p·C]} in patch order, on {@code tokens}' manager
     */
    public NDArray decode(ParameterStore ps, NDArray tokens, NDArray restoreIndices, boolean training) {
        NDManager caller = tokens.getManager();
        try (NDManager scope = caller.newSubManager()) {
            scope.tempAttachAll(tokens);
            NDArray x = embed.forward(ps, new NDList(tokens), training).singletonOrThrow();
            if (restoreIndices != null) {
                x = unshuffle(ps, scope, x, restoreIndices, training);
            } else if (x.getShape().get(1) != prefixTokens + numPatches) {
                throw new IllegalArgumentException(
                        "without restore indices the decoder needs all " + (prefixTokens + numPatches)
                                + " tokens, got " + tokens.getShape());
            }
            x = x.add(positions(ps, x.getDevice()));
            NDList h = blocks.forward(ps, new NDList(x), training);
            h = pred.forward(ps, norm.forward(ps, h, training), training);
            NDArray out = h.singletonOrThrow();
            if (prefixTokens > 0) {
                out = out.split(new long[] {prefixTokens}, 1).get(1);
            }
            out.attach(caller);
            return out;
        }
    }

    /** MAE's unshuffle: visible tokens + mask tokens, restored to patch order, prefix kept first. */
    private NDArray unshuffle(ParameterStore ps, NDManager scope, NDArray x, NDArray restore, boolean training) {
        if (maskToken == null) {
            throw new IllegalStateException("this decoder was built without a mask token (encoder w/ [M])");
        }
        Shape s = x.getShape();
        long visible = s.get(1) - prefixTokens;
        NDList parts = x.split(new long[] {prefixTokens}, 1);
        NDArray token = ps.getValue(maskToken, x.getDevice(), training);
        NDArray fill = token.broadcast(s.get(0), numPatches - visible, s.get(2));
        fill.attach(scope); // derived from a parameter: would otherwise land in the model's manager
        NDArray ordered = TokenGather.restore(NDArrays.concat(new NDList(parts.get(1), fill), 1), restore);
        return prefixTokens > 0 ? NDArrays.concat(new NDList(parts.get(0), ordered), 1) : ordered;
    }

    /** The constant position table on a device, made once per device (multi-device training). */
    private NDArray positions(ParameterStore ps, Device device) {
        return positions.get(ps.getManager(), device);
    }

    private NDArray newPositions(NDManager owner) {
        return owner.create(positionTable, positionShape);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray restore = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(decode(ps, inputs.get(0), restore, training));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numPatches, outputDim)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        long batch = inputs[0].get(0);
        embed.initialize(manager, dataType, inputs[0]);
        Shape full = new Shape(batch, prefixTokens + numPatches, positionShape.get(2));
        blocks.initialize(manager, dataType, full);
        norm.initialize(manager, dataType, full);
        pred.initialize(manager, dataType, full);
        positions.prepare(manager);
    }
}
