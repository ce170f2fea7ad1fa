package io.github.djlssl.jointembed.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.djlssl.jointembed.swav.MultiCropCrossEntropy;

/**
 * DINO's loss (Caron et al. 2021, Eq. 3, {@code DINOLoss}): the teacher's centred and sharpened
 * distribution {@code P_t = softmax((g_t − c) / τ_t)} of each global view is the target of the
 * student's {@code P_s = softmax(g_s / τ_s)} of every other view; the cross-entropies {@code −Σ P_t
 * log P_s} are averaged over the batch and over all (global view i, student view v ≠ i) pairs
 * ({@link MultiCropCrossEntropy}).
 */
public final class DinoLoss {

    private final double studentTemperature;

    /**
     * Creates the loss.
     *
     * @param studentTemperature τ_s &gt; 0 (0.1 in the paper)
     */
    public DinoLoss(double studentTemperature) {
        if (!(studentTemperature > 0)) {
            throw new IllegalArgumentException(
                    "studentTemperature must be > 0, got " + studentTemperature);
        }
        this.studentTemperature = studentTemperature;
    }

    /**
     * Returns τ_s.
     *
     * @return the student temperature
     */
    public double studentTemperature() {
        return studentTemperature;
    }

    /**
     * Returns the teacher targets {@code softmax((t − c) / τ_t)}, detached.
     *
     * @param teacher teacher logits {@code [G·B, K]}
     * @param center the centre {@code [1, K]}
     * @param teacherTemperature τ_t &gt; 0
     * @return {@code [G·B, K]}, rows summing to 1
     */
    public static NDArray targets(NDArray teacher, NDArray center, double teacherTemperature) {
        if (!(teacherTemperature > 0)) {
            throw new IllegalArgumentException(
                    "teacherTemperature must be > 0, got " + teacherTemperature);
        }
        NDArray c = center;
        if (!center.getDevice().equals(teacher.getDevice())) {
            c = center.toDevice(teacher.getDevice(), false);
            c.attach(teacher.getManager());
        }
        return teacher.stopGradient().sub(c).div((float) teacherTemperature).softmax(1);
    }

    /**
     * Computes the loss from the teacher logits.
     *
     * @param student student logits of all V views, view-major {@code [V·B, K]}, globals first
     * @param teacher teacher logits of the G global views {@code [G·B, K]}
     * @param center the centre {@code [1, K]}
     * @param teacherTemperature τ_t of this step
     * @param batch B
     * @return the scalar loss
     */
    public NDArray compute(
            NDArray student,
            NDArray teacher,
            NDArray center,
            double teacherTemperature,
            long batch) {
        return compute(student, targets(teacher, center, teacherTemperature), batch);
    }

    /**
     * Computes the loss from teacher targets already made by {@link #targets}.
     *
     * @param student student logits of all V views, view-major {@code [V·B, K]}, globals first
     * @param targets the teacher's {@code softmax((t − c) / τ_t)} of the G global views {@code
     *     [G·B, K]}
     * @param batch B
     * @return the scalar loss
     */
    public NDArray compute(NDArray student, NDArray targets, long batch) {
        return MultiCropCrossEntropy.compute(targets, student, batch, studentTemperature);
    }

    /**
     * Returns the mean entropy {@code −Σ_k q_k log q_k} of target rows: near 0 when the teacher
     * collapses onto one dimension, near ln K when centring flattens it to uniform (§5.3, Fig. 7).
     *
     * @param targets {@code [N, K]}, rows summing to 1
     * @return a 0-d array on the targets' manager, outside the gradient graph
     */
    public static NDArray meanEntropy(NDArray targets) {
        NDManager caller = targets.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray q = targets.stopGradient();
            q.attach(scope);
            NDArray result = q.mul(q.add(1e-12f).log()).sum(new int[] {1}).mean().neg();
            result.attach(caller);
            return result;
        }
    }
}
