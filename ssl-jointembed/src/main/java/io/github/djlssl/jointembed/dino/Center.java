package io.github.djlssl.jointembed.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * DINO's centre of the teacher outputs (Caron et al. 2021, §3.1, Eq. 4): {@code c ← m·c + (1 −
 * m)·mean_b g_t(x_b)}, subtracted from the teacher logits before sharpening so that no single
 * dimension dominates (with sharpening, it avoids both kinds of collapse).
 *
 * <p>The centre is one {@code [1, K]} array on the method's manager, named {@code dino.center},
 * updated in place (so a checkpoint restores it in place) and starting at zero as in {@code
 * DINOLoss}.
 */
public final class Center implements AutoCloseable {

    private final NDArray center;
    private final float momentum;

    /**
     * Creates a zero centre.
     *
     * @param manager owner of the centre (lives as long as the method)
     * @param dim K
     * @param momentum m in [0, 1] (0.9 in the paper)
     */
    public Center(NDManager manager, int dim, double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        }
        this.momentum = (float) momentum;
        this.center = manager.zeros(new Shape(1, dim));
        this.center.setName("dino.center");
    }

    /**
     * Returns the current centre.
     *
     * @return {@code [1, K]}; do not modify
     */
    public NDArray value() {
        return center;
    }

    /**
     * Returns m.
     *
     * @return the momentum
     */
    public double momentum() {
        return momentum;
    }

    /**
     * Moves the centre towards the batch mean of teacher outputs, in place and without gradient.
     *
     * @param teacherOutputs the teacher's logits of this step {@code [N, K]} (all global views)
     */
    public void update(NDArray teacherOutputs) {
        Shape s = teacherOutputs.getShape();
        if (s.dimension() != 2 || s.get(1) != center.getShape().get(1)) {
            throw new IllegalArgumentException(
                    "expected teacher outputs [N, " + center.getShape().get(1) + "], got " + s);
        }
        try (NDManager scope = teacherOutputs.getManager().newSubManager()) {
            NDArray t = teacherOutputs.stopGradient();
            t.attach(scope);
            NDArray step = t.sum(new int[] {0}, true).mul((1f - momentum) / s.get(0));
            center.muli(momentum).addi(step.toDevice(center.getDevice(), false));
        }
    }

    /**
     * Returns the arrays a checkpoint saves and restores in place.
     *
     * @return {@code dino.center}
     */
    public NDList stateArrays() {
        return new NDList(center);
    }

    @Override
    public void close() {
        center.close();
    }
}
