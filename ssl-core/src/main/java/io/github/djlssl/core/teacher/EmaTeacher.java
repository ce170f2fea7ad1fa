package io.github.djlssl.core.teacher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.github.djlssl.core.method.TrainingStep;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential-moving-average teacher: {@code θt ← m·θt + (1 − m)·θs} after every optimiser
 * step, with {@code m} from a schedule evaluated at the global step and the run's length (BYOL §3.1 Eq. 1; MoCo §3.2;
 * DINO §3.1; I-JEPA §3).
 *
 * <p>The teacher is a second block of the same architecture. At construction its weights are
 * copied from the student and frozen, so no gradient ever reaches it. Updates happen in place on
 * the teacher's own arrays, the only way an update stays visible to a {@code ParameterStore} that
 * has cached them. BatchNorm running statistics are copied rather than averaged (the running
 * averages are already averages; copying is what BYOL's and MoCo's reference code do via
 * buffers).
 */
public final class EmaTeacher {

    private final MomentumSchedule momentum;
    private final List<Pair<NDArray, NDArray>> averaged = new ArrayList<>();
    private final List<Pair<NDArray, NDArray>> copied = new ArrayList<>();

    private EmaTeacher(Block student, Block teacher, MomentumSchedule momentum) {
        this.momentum = momentum;
        PairList<String, Parameter> sp = student.getParameters();
        PairList<String, Parameter> tp = teacher.getParameters();
        if (sp.size() != tp.size()) {
            throw new IllegalArgumentException(
                    "student and teacher differ: " + sp.size() + " vs " + tp.size() + " parameters");
        }
        for (int i = 0; i < sp.size(); i++) {
            Parameter s = sp.get(i).getValue();
            Parameter t = tp.get(i).getValue();
            if (!sp.get(i).getKey().equals(tp.get(i).getKey())
                    || !s.getArray().getShape().equals(t.getArray().getShape())) {
                throw new IllegalArgumentException(
                        "student parameter "
                                + sp.get(i).getKey()
                                + " "
                                + s.getArray().getShape()
                                + " does not match teacher "
                                + tp.get(i).getKey()
                                + " "
                                + t.getArray().getShape());
            }
            s.getArray().copyTo(t.getArray());
            Pair<NDArray, NDArray> pair = new Pair<>(s.getArray(), t.getArray());
            if (isRunningStat(s)) {
                copied.add(pair);
            } else if (s.requiresGradient()) {
                averaged.add(pair);
            } else {
                copied.add(pair); // frozen student buffers (e.g. fixed positional embeddings)
            }
        }
        teacher.freezeParameters(true);
    }

    /**
     * Pairs an initialised student with an initialised teacher of the same architecture, copies
     * the student's weights into the teacher and freezes it.
     *
     * @param student the online network
     * @param teacher the target network (e.g. {@code encoder.freshCopy()}, initialised)
     * @param momentum the momentum schedule (e.g. {@link MomentumSchedule#cosineToOne} 0.996)
     * @return the teacher pair
     */
    public static EmaTeacher of(Block student, Block teacher, MomentumSchedule momentum) {
        return new EmaTeacher(student, teacher, momentum);
    }

    private static boolean isRunningStat(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    /**
     * Returns the momentum used after a global step.
     *
     * @param step 0-based global step
     * @param totalSteps the run's optimiser steps
     * @return m in [0, 1]
     */
    public double momentumAt(long step, long totalSteps) {
        return momentum.valueAt(step, totalSteps);
    }

    /**
     * Moves the teacher towards the student after a training step: call from {@code
     * SslMethod.afterStep}, which runs after the optimiser and outside the gradient recording.
     *
     * @param step the step that just finished (global step, run length and its scope)
     */
    public void update(TrainingStep step) {
        update(momentumAt(step.globalStep(), step.totalSteps()), step.manager());
    }

    /**
     * Moves the teacher towards the student with an explicit momentum, in place.
     *
     * @param m the momentum in [0, 1]
     * @param scope a short-lived manager for the temporaries (the step scope)
     */
    public void update(double m, NDManager scope) {
        try (NDManager tmp = scope.newSubManager()) {
            for (Pair<NDArray, NDArray> p : averaged) {
                NDArray s = p.getKey();
                NDArray t = p.getValue();
                // θt ← m·θt + (1−m)·θs. s.mul() is a new array (stopGradient would share the
                // student's storage); it lands in the model manager, so move it to tmp.
                NDArray scaled = s.mul((float) (1 - m));
                scaled.attach(tmp);
                t.muli((float) m).addi(scaled);
            }
        }
        for (Pair<NDArray, NDArray> p : copied) {
            p.getKey().copyTo(p.getValue());
        }
    }
}
