package io.github.djlssl.core.encoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import io.github.djlssl.core.tensor.PerDeviceArray;
import java.util.Map;

/**
 * A timm/MAE-shaped Vision Transformer encoder (Dosovitskiy et al., ICLR 2021) without a
 * classifier head: images {@code [B, C, H, W]} → pooled features {@code [B, D]}, or all tokens
 * {@code [B, P + K, D]} for masked-image methods.
 *
 * <p>Pipeline: {@code patch_embed} (p×p conv) → + positional embedding → optionally keep a subset
 * of patches per sample (MAE, I-JEPA: the encoder then only pays for the visible tokens) → prepend
 * the CLS token (+ its position) → pre-norm {@link TransformerBlock}s → final LayerNorm {@code
 * norm}. Pooling is the CLS token or the mean of the patch tokens ({@link VitConfig.Pooling}).
 *
 * <p>The stages are public so each family of methods composes what it needs:
 *
 * <ul>
 *   <li>{@link #forwardTokens}: embed, keep indices, run (MAE/I-JEPA context encoder);
 *   <li>{@link #patchEmbed} then {@link #forwardSequence}: embed, edit tokens (SimMIM/BEiT replace
 *       masked ones with a mask token), run.
 * </ul>
 *
 * <p>Parameters follow timm's names ({@code cls_token, pos_embed, patch_embed.proj, blocks.i.{norm1,
 * attn.qkv, attn.proj, norm2, mlp.fc1, mlp.fc2}, norm}), see {@link #torchNames()}. Initialisation
 * as MAE: Xavier-uniform Linears and patch conv, zero biases, LayerNorm (1, 0), CLS ~ N(0, 0.02²),
 * learned positions truncated-normal σ = 0.02 (cut at ±2σ). The fixed sin-cos table is a constant,
 * not a parameter (see {@link PositionalEmbedding#SINCOS_2D}). Only images of the configured size
 * are accepted: positional-embedding interpolation for other resolutions is not implemented.
 */
public final class VisionTransformer extends AbstractBlock implements TokenEncoder {

    private static final byte VERSION = 1;

    private final VitConfig config;
    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final PatchEmbed patchEmbed;
    private final SequentialBlock blocks;
    private final LayerNorm norm;
    private final float[] fixedTable;
    private final PerDeviceArray fixedPositions = new PerDeviceArray(this::fixedPositionalEmbedding);
    private final NDIndex prefixRows;
    private final NDIndex patchRows;
    private final NDIndex clsColumn;

    /**
     * Builds an uninitialised ViT.
     *
     * @param config the architecture
     */
    public VisionTransformer(VitConfig config) {
        super(VERSION);
        this.config = config;
        int dim = config.embedDim();
        int prefix = config.prefixTokens();
        int patches = config.numPatches();
        clsToken =
                config.classToken()
                        ? addParameter(
                                Parameter.builder()
                                        .setName("cls_token")
                                        .setType(Parameter.Type.OTHER)
                                        .optShape(new Shape(1, 1, dim))
                                        .optInitializer(new NormalInitializer(0.02f))
                                        .build())
                        : null;
        if (config.positionalEmbedding() == PositionalEmbedding.LEARNED) {
            posEmbed =
                    addParameter(
                            Parameter.builder()
                                    .setName("pos_embed")
                                    .setType(Parameter.Type.OTHER)
                                    .optShape(new Shape(1, prefix + patches, dim))
                                    .optInitializer(new TruncatedNormalInitializer(0.02f))
                                    .build());
            fixedTable = null;
        } else {
            posEmbed = null;
            fixedTable = PositionalEmbedding.sinCos2d(dim, config.gridSize(), prefix);
        }
        patchEmbed = addChildBlock("patch_embed", new PatchEmbed(config.patchSize(), dim));
        blocks = addChildBlock("blocks", new SequentialBlock());
        for (int i = 0; i < config.depth(); i++) {
            blocks.add(
                    new TransformerBlock(dim, config.numHeads(), config.mlpHiddenDim(),
                            config.qkvBias(), config.layerNormEps()));
        }
        norm = addChildBlock("norm", TransformerBlock.layerNorm(config.layerNormEps()));
        prefixRows = new NDIndex().addAllDim().addSliceDim(0, prefix);
        patchRows = new NDIndex().addAllDim().addSliceDim(prefix, prefix + patches);
        clsColumn = new NDIndex().addAllDim().addIndices(0);
    }

    /**
     * Builds an uninitialised ViT.
     *
     * @param config the architecture
     * @return the encoder
     */
    public static VisionTransformer of(VitConfig config) {
        return new VisionTransformer(config);
    }

    /**
     * Returns the configuration this network was built from.
     *
     * @return the config
     */
    public VitConfig config() {
        return config;
    }

    /** {@inheritDoc} */
    @Override
    public String architecture() {
        return config.architecture();
    }

    /** {@inheritDoc} */
    @Override
    public int featureDim() {
        return config.embedDim();
    }

    /** {@inheritDoc} */
    @Override
    public Shape inputShape() {
        return new Shape(config.inputChannels(), config.imageSize(), config.imageSize());
    }

    /** {@inheritDoc} */
    @Override
    public VisionTransformer freshCopy() {
        return new VisionTransformer(config);
    }

    /** {@inheritDoc} */
    @Override
    public int patchSize() {
        return config.patchSize();
    }

    /** {@inheritDoc} */
    @Override
    public int gridSize() {
        return config.gridSize();
    }

    /** {@inheritDoc} */
    @Override
    public int embedDim() {
        return config.embedDim();
    }

    /** {@inheritDoc} */
    @Override
    public int prefixTokens() {
        return config.prefixTokens();
    }

    /**
     * Maps every DJL parameter name to its timm {@code VisionTransformer} key ({@code cls_token},
     * {@code patch_embed.proj.weight}, {@code blocks.0.attn.qkv.weight}, {@code norm.bias}, …). With
     * {@link PositionalEmbedding#SINCOS_2D} there is no {@code pos_embed} parameter: an exporter
     * writes {@link #fixedPositionalEmbedding} under that key.
     *
     * @return an insertion-ordered map in timm's key order
     */
    public Map<String, String> torchNames() {
        return TorchNames.of(this);
    }

    /**
     * Creates the fixed sin-cos positional embedding, e.g. for export as timm's {@code pos_embed}.
     *
     * @param manager where to create it
     * @return {@code [1, P + L, D]}, zero rows for the prefix tokens (MAE)
     * @throws IllegalStateException with a learned embedding (it is the {@code pos_embed} parameter)
     */
    public NDArray fixedPositionalEmbedding(NDManager manager) {
        if (fixedTable == null) {
            throw new IllegalStateException(
                    "positional embedding is LEARNED: read the pos_embed parameter instead");
        }
        return manager.create(fixedTable,
                new Shape(1, config.prefixTokens() + config.numPatches(), config.embedDim()));
    }

    /**
     * Embeds patches and adds their positional embedding.
     *
     * @param ps the caller's parameter store
     * @param images float images {@code [B, C, H, W]} of the configured size
     * @param training training mode
     * @return patch tokens {@code [B, L, D]}, row-major over the patch grid, no prefix tokens
     */
    public NDArray patchEmbed(ParameterStore ps, NDArray images, boolean training) {
        checkImages(images.getShape());
        try (ForwardScope scope = new ForwardScope(images)) {
            NDArray tokens = patchEmbed.forward(ps, new NDList(images), training).singletonOrThrow();
            NDArray positions = scope.own(positions(ps, images.getDevice(), training).get(patchRows));
            return scope.keep(tokens.add(positions));
        }
    }

    /**
     * Runs the transformer on an arbitrary token sequence: prepends the prefix tokens (CLS + its
     * position), applies every block and the final norm.
     *
     * @param ps the caller's parameter store
     * @param tokens patch tokens {@code [B, N, D]} with positions already added (any N)
     * @param training training mode
     * @return {@code [B, P + N, D]} after the final norm
     */
    public NDArray forwardSequence(ParameterStore ps, NDArray tokens, boolean training) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 3 || shape.get(2) != config.embedDim()) {
            throw new IllegalArgumentException(
                    "expected tokens [B, N, " + config.embedDim() + "], got " + shape);
        }
        try (ForwardScope scope = new ForwardScope(tokens)) {
            NDArray x = tokens;
            if (clsToken != null) {
                Device device = tokens.getDevice();
                NDArray cls = ps.getValue(clsToken, device, training);
                NDArray clsPos = scope.own(positions(ps, device, training).get(prefixRows));
                NDArray prefix = scope.own(cls.add(clsPos)).broadcast(shape.get(0), 1, shape.get(2));
                x = NDArrays.concat(new NDList(prefix, tokens), 1);
            }
            NDList out = blocks.forward(ps, new NDList(x), training);
            return scope.keep(norm.forward(ps, out, training).singletonOrThrow());
        }
    }

    /** {@inheritDoc} */
    @Override
    public NDArray forwardTokens(
            ParameterStore ps, NDArray images, NDArray keepIndices, boolean training) {
        try (ForwardScope scope = new ForwardScope(images)) {
            NDArray tokens = patchEmbed(ps, images, training);
            if (keepIndices != null) {
                tokens = gather(scope, tokens, keepIndices);
            }
            return scope.keep(forwardSequence(ps, tokens, training));
        }
    }

    /** Selects {@code tokens[b, keep[b, k], :]}: {@code [B, L, D]} → {@code [B, K, D]}. */
    private NDArray gather(ForwardScope scope, NDArray tokens, NDArray keep) {
        Shape t = tokens.getShape();
        Shape k = keep.getShape();
        if (k.dimension() != 2 || k.get(0) != t.get(0)) {
            throw new IllegalArgumentException(
                    "keepIndices must be [B, K] with B = " + t.get(0) + ", got " + k);
        }
        // Results of ops on `keep` land in the caller's manager: own them (but never `keep` itself).
        NDArray typed =
                keep.getDataType() == DataType.INT64
                        ? keep
                        : scope.own(keep.toType(DataType.INT64, false));
        NDArray index = scope.own(typed.expandDims(2));
        return tokens.gather(index.broadcast(k.get(0), k.get(1), t.get(2)), 1);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        try (ForwardScope scope = new ForwardScope(images)) {
            NDArray tokens = forwardTokens(ps, images, null, training);
            NDArray pooled =
                    config.pooling() == VitConfig.Pooling.CLS
                            ? tokens.get(clsColumn)
                            : tokens.get(patchRows).mean(new int[] {1});
            return new NDList(scope.keep(pooled));
        }
    }

    /** The positional table on a device: the learned parameter, or the cached constant. */
    private NDArray positions(ParameterStore ps, Device device, boolean training) {
        if (posEmbed != null) {
            return ps.getValue(posEmbed, device, training);
        }
        return fixedPositions.get(ps.getManager(), device);
    }

    private void checkImages(Shape shape) {
        int size = config.imageSize();
        if (shape.dimension() != 4
                || shape.get(1) != config.inputChannels()
                || shape.get(2) != size
                || shape.get(3) != size) {
            throw new IllegalArgumentException(
                    "VisionTransformer expects images [B, " + config.inputChannels() + ", " + size
                            + ", " + size + "], got " + shape
                            + " (other resolutions need positional-embedding interpolation)");
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.embedDim())};
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        checkImages(inputShapes[0]);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        patchEmbed.initialize(manager, dataType, inputs);
        Shape tokens =
                new Shape(
                        inputs[0].get(0),
                        config.prefixTokens() + config.numPatches(),
                        config.embedDim());
        blocks.initialize(manager, dataType, tokens);
        norm.initialize(manager, dataType, tokens);
        if (fixedTable != null) {
            fixedPositions.prepare(manager);
        }
    }
}
