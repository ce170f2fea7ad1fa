package io.github.djlssl.hybrid.ijepa;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.github.djlssl.core.encoder.PositionalEmbedding;
import io.github.djlssl.core.encoder.TransformerBlock;
import io.github.djlssl.core.mask.TokenGather;
import io.github.djlssl.core.tensor.PerDeviceArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The I-JEPA predictor (Assran et al. 2023, §3 "Prediction"; reference {@code
 * VisionTransformerPredictor} in {@code src/models/vision_transformer.py}): a narrow ViT that
 * reads the context encoder's tokens and predicts the representation of each target block.
 *
 * <p>{@code predictor_embed} maps the context tokens {@code [B, Kc, D]} to width {@code Dp} and
 * adds the predictor's fixed 2-D sin-cos position of each context patch. For each of the M target
 * blocks, {@code Kt} copies of the learned {@code mask_token} carry the positions of that block's
 * patches and are appended to the context; the M blocks run as one batch of {@code M·B} sequences
 * (the context repeated block-major, as the reference's {@code x.repeat(len(masks), 1, 1)}), so
 * each block is predicted independently of the others. After the {@code predictor_blocks} ({@link
 * TransformerBlock}s), {@code predictor_norm} and {@code predictor_proj} (back to D) on the
 * mask-token positions give the predictions {@code [M·B, Kt, D]}: row {@code m·B + b} is block m
 * of image b, the order in which {@link IJepa} stacks its targets.
 *
 * <p>Initialisation as the reference: Linear weights N(0, 0.02²) (its {@code trunc_normal_} at ±2
 * absolute, i.e. ±100σ, never cuts), zero biases, LayerNorm (1, 0), {@code mask_token} N(0,
 * 0.02²), and the output projections {@code attn.proj} and {@code mlp.fc2} of block i (1-based)
 * divided by {@code sqrt(2 i)} ({@code fix_init_weight}).
 */
public final class IJepaPredictor extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float INIT_STD = 0.02f;

    private final int embedDim;
    private final int width;
    private final int gridSize;
    private final Linear embed;
    private final Parameter maskToken;
    private final SequentialBlock blocks;
    private final LayerNorm norm;
    private final Linear proj;
    private final float[] positionTable;
    private final PerDeviceArray positions = new PerDeviceArray(this::createTable);

    /**
     * Builds an uninitialised predictor.
     *
     * @param embedDim the encoder's token width D
     * @param width the predictor's width Dp, divisible by 4 and by {@code numHeads}
     * @param depth transformer blocks
     * @param numHeads attention heads per block
     * @param gridSize patches per side of the encoder's grid
     */
    public IJepaPredictor(int embedDim, int width, int depth, int numHeads, int gridSize) {
        super(VERSION);
        if (embedDim < 1 || depth < 1 || gridSize < 1 || numHeads < 1 || width % numHeads != 0) {
            throw new IllegalArgumentException("invalid predictor: embedDim " + embedDim + ", width "
                    + width + ", depth " + depth + ", heads " + numHeads + ", grid " + gridSize);
        }
        this.embedDim = embedDim;
        this.width = width;
        this.gridSize = gridSize;
        this.positionTable = PositionalEmbedding.sinCos2d(width, gridSize, 0);
        embed = addChildBlock("predictor_embed", Linear.builder().setUnits(width).build());
        maskToken = addParameter(Parameter.builder()
                .setName("mask_token")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1, width))
                .optInitializer(new NormalInitializer(INIT_STD))
                .build());
        blocks = addChildBlock("predictor_blocks", new SequentialBlock());
        for (int i = 0; i < depth; i++) {
            blocks.add(new TransformerBlock(width, numHeads, 4 * width, true, 1e-6f));
        }
        // DJL's LayerNorm axis only sizes γ/β; torch normalises the trailing D (axis -1 crashes).
        norm = addChildBlock("predictor_norm", LayerNorm.builder().axis(2).optEpsilon(1e-6f).build());
        proj = addChildBlock("predictor_proj", Linear.builder().setUnits(embedDim).build());
        setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
    }

    /**
     * Returns the predictor width.
     *
     * @return Dp
     */
    public int width() {
        return width;
    }

    /**
     * Predicts every target block from the context.
     *
     * @param ps the caller's parameter store
     * @param context the context encoder's patch tokens {@code [B, Kc, D]} (no prefix tokens)
     * @param contextIndices int64 {@code [B, Kc]}: the patch index of each context token
     * @param targetIndices M int64 arrays {@code [B, Kt]}: the patches of each target block
     * @param training training mode
     * @return predictions {@code [M·B, Kt, D]}, block-major
     */
    public NDArray predict(ParameterStore ps, NDArray context, NDArray contextIndices,
            List<NDArray> targetIndices, boolean training) {
        NDList in = new NDList(context, contextIndices);
        in.addAll(targetIndices);
        return forward(ps, in, training).singletonOrThrow();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray context = inputs.get(0);
        NDArray contextIndices = inputs.get(1);
        List<NDArray> targets = inputs.subNDList(2);
        int numTargets = targets.size();
        if (numTargets == 0 || context.getShape().dimension() != 3) {
            throw new IllegalArgumentException(
                    "expected [context [B, Kc, D], contextIndices [B, Kc], targets [B, Kt]...], got "
                            + inputs.getShapes().length + " inputs, context " + context.getShape());
        }
        NDManager caller = context.getManager();
        try (NDManager scope = caller.newSubManager()) {
            // Ops whose first operand is an input now land in `scope` and die with it.
            scope.tempAttachAll(inputs);
            NDArray table = positionTable(ps, context.getDevice());
            NDArray x = embed.forward(ps, new NDList(context), training).singletonOrThrow();
            // Gathers from the long-lived table land in its manager: move them into the scope.
            NDArray contextPos = TokenGather.gather(table, contextIndices);
            contextPos.attach(scope);
            x = x.add(contextPos);
            NDArray allTargets = NDArrays.concat(new NDList(targets), 0); // [M·B, Kt]
            NDArray targetPos = TokenGather.gather(table, allTargets);
            targetPos.attach(scope);
            NDArray queries = targetPos.add(ps.getValue(maskToken, context.getDevice(), training));
            List<NDArray> copies = new ArrayList<>(numTargets);
            for (int m = 0; m < numTargets; m++) {
                copies.add(x);
            }
            NDArray repeated = numTargets == 1 ? x : NDArrays.concat(new NDList(copies), 0);
            long contextLength = x.getShape().get(1);
            NDArray sequence = NDArrays.concat(new NDList(repeated, queries), 1);
            NDArray out = blocks.forward(ps, new NDList(sequence), training).singletonOrThrow();
            // LayerNorm and proj act per token: keep only the mask-token rows first.
            NDArray predicted = out.get(new NDIndex().addAllDim().addSliceDim(
                    contextLength, out.getShape().get(1)));
            NDList normed = norm.forward(ps, new NDList(predicted), training);
            NDArray result = proj.forward(ps, normed, training).singletonOrThrow();
            result.attach(caller);
            return new NDList(result);
        }
    }

    /** The fixed {@code [1, L, Dp]} sin-cos table on a device, created once per device. */
    private NDArray positionTable(ParameterStore ps, Device device) {
        return positions.get(ps.getManager(), device);
    }

    private NDArray createTable(NDManager manager) {
        return manager.create(positionTable, new Shape(1, (long) gridSize * gridSize, width));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int numTargets = inputShapes.length - 2;
        Shape target = inputShapes[2];
        return new Shape[] {new Shape(numTargets * target.get(0), target.get(1), embedDim)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        embed.initialize(manager, dataType, new Shape(1, 1, embedDim));
        Shape tokens = new Shape(1, 1, width);
        blocks.initialize(manager, dataType, tokens);
        norm.initialize(manager, dataType, tokens);
        proj.initialize(manager, dataType, tokens);
        rescaleResidualOutputs();
        positions.prepare(manager);
    }

    /** The reference's {@code fix_init_weight}: block i's residual outputs ÷ sqrt(2 i). */
    private void rescaleResidualOutputs() {
        int layer = 0;
        for (Pair<String, Block> child : blocks.getChildren()) {
            layer++;
            float factor = (float) (1.0 / Math.sqrt(2.0 * layer));
            for (Pair<String, Parameter> p : child.getValue().getParameters()) {
                String name = p.getKey();
                if (name.matches(".*attn_\\d*proj_weight") || name.matches(".*mlp_\\d*fc2_weight")) {
                    p.getValue().getArray().muli(factor);
                }
            }
        }
    }
}
