package io.github.djlssl.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.djlssl.core.schedule.Schedule;
import org.junit.jupiter.api.Test;

class OptimizerConfigTest {

    @Test
    void factoriesCarryThePapersDefaults() {
        OptimizerConfig adamw = OptimizerConfig.adamw(1e-3, 0.05);
        assertEquals(0.9, adamw.beta1());
        assertEquals(0.999, adamw.beta2());
        assertEquals(1e-8, adamw.eps());
        assertEquals(0.95, OptimizerConfig.adamw(1.5e-4, 0.05, 0.9, 0.95).beta2());
        OptimizerConfig lars = OptimizerConfig.lars(0.2, 0.9, 1.5e-6);
        assertEquals(0.001, lars.larsEta());
        assertEquals(0, lars.clipGradNorm());
        assertEquals(0.3, OptimizerConfig.linearScaledLr(0.3, 256));
        assertEquals(4.8, OptimizerConfig.linearScaledLr(0.3, 4096), 1e-12);
    }

    @Test
    void schedulesWarmUpThenCosine() {
        OptimizerConfig c =
                OptimizerConfig.sgd(0.4, 0.9, 1e-4).withWarmupEpochs(2).withFinalLr(0.004);
        Schedule lr = c.learningRateSchedule(100, 10); // 20 warm-up steps
        assertEquals(0.0, lr.valueAt(0));
        assertEquals(0.4, lr.valueAt(19));
        assertEquals(0.4, lr.valueAt(20));
        assertEquals(0.202, lr.valueAt(60), 1e-12);
        assertEquals(0.004, lr.valueAt(100));
        Schedule wd =
                OptimizerConfig.adamw(1e-3, 0.04)
                        .withFinalWeightDecay(0.4)
                        .weightDecaySchedule(100);
        assertEquals(0.04, wd.valueAt(0), 1e-15); // DINO's formula, not special-cased at 0
        assertEquals(0.22, wd.valueAt(50), 1e-12);
        assertEquals(0.4, wd.valueAt(100));
        assertEquals(1e-4, c.weightDecaySchedule(100).valueAt(77));
        // a warm-up longer than a smoke run is shortened to the run
        assertEquals(0.4, c.learningRateSchedule(5, 10).valueAt(4));
    }

    @Test
    void buildsTheRightOptimizerWithSchedules() {
        SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(2).build());
        try (ScheduledOptimizer sgd = OptimizerConfig.sgd(0.1, 0.9, 0).build(block, 10, 5);
                ScheduledOptimizer adamw = OptimizerConfig.adamw(0.1, 0).build(block, 10, 5);
                ScheduledOptimizer lars =
                        OptimizerConfig.lars(0.1, 0.9, 0).withWarmupEpochs(1).build(block, 10, 5)) {
            assertInstanceOf(Sgd.class, sgd);
            assertInstanceOf(AdamW.class, adamw);
            assertInstanceOf(Lars.class, lars);
            assertEquals(0.1, sgd.learningRate());
            assertEquals(0.0, lars.learningRate());
            lars.setStep(4);
            assertEquals(0.1, lars.learningRate(), 1e-15);
        }
    }

    @Test
    void invalidValuesNameTheField() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.sgd(0, 0.9, 0));
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.sgd(0.1, 1.0, 0));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.adamw(0.1, -1));
        assertTrue(e.getMessage().contains("weightDecay"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OptimizerConfig.sgd(0.1, 0, 0).withNesterov(true));
        assertTrue(e.getMessage().contains("nesterov"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OptimizerConfig.lars(0.1, 0.9, 0).withClipGradNorm(-1));
        assertTrue(e.getMessage().contains("clipGradNorm"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OptimizerConfig.linearScaledLr(0.1, 0));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
    }
}
