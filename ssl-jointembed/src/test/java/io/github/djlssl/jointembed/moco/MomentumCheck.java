package io.github.djlssl.jointembed.moco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;

/** Checks one EMA step of a method's teacher numerically. */
final class MomentumCheck {

    private MomentumCheck() {}

    /**
     * Moves the student's first trainable parameter away from the teacher's, runs {@code afterStep} and checks
     * {@code θt = m·θt_old + (1 − m)·θs} element by element.
     */
    static void assertExactEmaStep(SslMethod method, NDManager scope, TrainingStep step, double m) {
        Block teacher = method.checkpointBlocks().get("teacher");
        Pair<String, Parameter> first = null;
        for (Pair<String, Parameter> p : teacher.getParameters()) {
            if (method.trainable().getParameters().get(p.getKey()).requiresGradient()) {
                first = p;
                break;
            }
        }
        assertTrue(first != null, "no averaged parameter");
        NDArray t = first.getValue().getArray();
        NDArray s = method.trainable().getParameters().get(first.getKey()).getArray();
        // Stand-in for an optimiser step: the student moves, the teacher has not followed yet.
        s.addi(scope.randomNormal(s.getShape()));
        float[] tOld = t.toFloatArray();
        float[] sNew = s.toFloatArray();
        method.afterStep(step);
        float[] tNew = t.toFloatArray();
        for (int i = 0; i < tNew.length; i++) {
            assertEquals(m * tOld[i] + (1 - m) * sNew[i], tNew[i], 1e-6, first.getKey() + "[" + i + "]");
        }
    }
}
