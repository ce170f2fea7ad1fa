package io.github.djlssl.core.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.method.BlockGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An encoder followed by a projection head — the online network of SimCLR, Barlow Twins, VICReg
 * and friends — with its parameters grouped as {@code encoder} and {@code projector}, the block
 * such a method returns from {@code trainable()}.
 */
public final class ProjectedEncoder {

    private final Encoder encoder;
    private final ProjectionHead projector;
    private final BlockGroup blocks;

    private ProjectedEncoder(Encoder encoder, ProjectionHead projector) {
        this.encoder = encoder;
        this.projector = projector;
        Map<String, Block> members = new LinkedHashMap<>();
        members.put("encoder", encoder);
        members.put("projector", projector);
        this.blocks = BlockGroup.of(members);
    }

    /**
     * Builds the head for the encoder's feature width and initialises it.
     *
     * @param encoder an initialised encoder
     * @param projector the head's builder (output, hidden width, layers, BN)
     * @param manager owner of the head's parameters
     * @return the pair
     */
    public static ProjectedEncoder of(Encoder encoder, ProjectionHead.Builder projector, NDManager manager) {
        ProjectionHead head = projector.build();
        head.initialize(manager, DataType.FLOAT32, new Shape(2, encoder.featureDim()));
        return new ProjectedEncoder(encoder, head);
    }

    /**
     * Returns the backbone.
     *
     * @return the encoder
     */
    public Encoder encoder() {
        return encoder;
    }

    /**
     * Returns the head.
     *
     * @return the projection head
     */
    public ProjectionHead projector() {
        return projector;
    }

    /**
     * Returns encoder and head as one block (names {@code encoder}, {@code projector}).
     *
     * @return the group
     */
    public BlockGroup blocks() {
        return blocks;
    }

    /**
     * Runs encoder and head.
     *
     * @param parameterStore the caller's store
     * @param images normalised images {@code [B, C, H, W]}
     * @param training batch statistics on/off
     * @return projections {@code [B, projectionDim]}
     */
    public NDArray embed(ParameterStore parameterStore, NDArray images, boolean training) {
        NDArray features = encoder.features(parameterStore, images, training);
        return projector.forward(parameterStore, new NDList(features), training).singletonOrThrow();
    }
}
