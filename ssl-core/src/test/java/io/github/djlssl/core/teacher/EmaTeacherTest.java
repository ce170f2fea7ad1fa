package io.github.djlssl.core.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class EmaTeacherTest {

    private static Block net() {
        return new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(BatchNorm.builder().build());
    }

    @Test
    void updateIsTheExactMovingAverageAndCopiesRunningStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block student = net();
            Block teacher = net();
            student.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            teacher.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            EmaTeacher ema = EmaTeacher.of(student, teacher, MomentumSchedule.cosineToOne(0.9));
            var sp = student.getParameters();
            var tp = teacher.getParameters();
            for (int i = 0; i < sp.size(); i++) {
                assertArrayEquals(sp.get(i).getValue().getArray().toFloatArray(), tp.get(i).getValue().getArray().toFloatArray());
                assertFalse(tp.get(i).getValue().requiresGradient(), "teacher parameters are frozen");
            }
            float[][] before = new float[sp.size()][];
            for (int i = 0; i < sp.size(); i++) {
                before[i] = tp.get(i).getValue().getArray().toFloatArray();
                sp.get(i).getValue().getArray().addi(1f); // the student moves
            }
            // Step 0 of 10: cosine schedule starts at its base, m = 0.9.
            try (NDManager scope = m.newSubManager()) {
                ema.update(new TrainingStep(0, 0, 10, 10, scope, new ParameterStore(scope, false), Rng.derive(1, 0)));
            }
            for (int i = 0; i < sp.size(); i++) {
                float[] s = sp.get(i).getValue().getArray().toFloatArray();
                float[] t = tp.get(i).getValue().getArray().toFloatArray();
                boolean runningStat = sp.get(i).getKey().contains("running");
                for (int k = 0; k < t.length; k++) {
                    float expected = runningStat ? s[k] : 0.9f * before[i][k] + 0.1f * s[k];
                    assertEquals(expected, t[k], 1e-6, sp.get(i).getKey());
                }
            }
        }
    }

    @Test
    void schedulesFollowTheirPapersOverTheRunLength() {
        MomentumSchedule cosine = MomentumSchedule.cosineToOne(0.996);
        assertEquals(0.996, cosine.valueAt(0, 100), 1e-12);
        assertEquals(1 - 0.004 * (Math.cos(Math.PI * 30 / 100) + 1) / 2, cosine.valueAt(30, 100), 1e-12);
        assertEquals(1.0, cosine.valueAt(100, 100), 1e-12);
        // The same step of a longer run is earlier in the schedule.
        assertEquals(true, cosine.valueAt(30, 1000) < cosine.valueAt(30, 100));
        MomentumSchedule linear = MomentumSchedule.linear(0.996, 1.0);
        assertEquals(0.998, linear.valueAt(50, 100), 1e-12);
        assertEquals(0.999, MomentumSchedule.constant(0.999).valueAt(7, 8), 0);
        assertThrows(IllegalArgumentException.class, () -> MomentumSchedule.constant(1.5));
        assertThrows(IllegalArgumentException.class, () -> MomentumSchedule.cosineToOne(Double.NaN));
    }
}
