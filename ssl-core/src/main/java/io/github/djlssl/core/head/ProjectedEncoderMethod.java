package io.github.djlssl.core.head;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.method.SslMethod;

/**
 * The base of methods whose whole trainable network is an encoder plus a projection head and
 * whose loss compares the projections of augmented views: SimCLR, Barlow Twins, VICReg. No
 * teacher, no queue, no per-run state — a subclass only builds its head and views and writes
 * {@link SslMethod#loss}.
 */
public abstract class ProjectedEncoderMethod implements SslMethod {

    private final String id;
    private final ProjectedEncoder online;
    private final MultiView views;

    /**
     * Wires the method.
     *
     * @param id the registry id
     * @param online the encoder + projection head (initialised)
     * @param views the augmentation that makes the views
     */
    protected ProjectedEncoderMethod(String id, ProjectedEncoder online, MultiView views) {
        this.id = id;
        this.online = online;
        this.views = views;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final MultiView views() {
        return views;
    }

    @Override
    public final Block trainable() {
        return online.blocks();
    }

    @Override
    public final Encoder encoder() {
        return online.encoder();
    }

    /**
     * Returns the projection head (tests inspect its output for collapse).
     *
     * @return the head, {@code [B, featureDim] → [B, projectionDim]}
     */
    public final ProjectionHead projector() {
        return online.projector();
    }

    /**
     * Runs encoder + projector on a batch of views.
     *
     * @param ps the parameter store
     * @param images normalised images {@code [B, C, H, W]}
     * @param training whether BatchNorm uses batch statistics
     * @return projections {@code [B, projectionDim]}
     */
    public final NDArray embed(ParameterStore ps, NDArray images, boolean training) {
        return online.embed(ps, images, training);
    }
}
