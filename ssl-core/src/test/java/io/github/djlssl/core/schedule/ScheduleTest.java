package io.github.djlssl.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void warmupCosineMatchesDinoCosineScheduler() {
        // base 1.0, final 0.1, 10 warm-up steps from 0.0, 110 steps in all (cosine part: 100)
        WarmupCosineSchedule s = new WarmupCosineSchedule(1.0, 0.1, 10, 110, 0.0);
        assertEquals(0.0, s.valueAt(0), 0.0);
        assertEquals(5.0 / 9.0, s.valueAt(5), 1e-15); // np.linspace(0, 1, 10)[5]
        assertEquals(1.0, s.valueAt(9), 0.0); // last warm-up point is base exactly
        assertEquals(1.0, s.valueAt(10), 0.0); // cosine restarts at base
        assertEquals(0.55, s.valueAt(60), 1e-15); // midpoint: final + (base - final) / 2
        double k = 25;
        assertEquals(0.1 + 0.45 * (1 + Math.cos(Math.PI * k / 100)), s.valueAt(35), 1e-15);
        assertEquals(0.1 + 0.45 * (1 + Math.cos(Math.PI * 99 / 100)), s.valueAt(109), 1e-15);
        assertEquals(0.1, s.valueAt(110), 0.0);
        assertEquals(0.1, s.valueAt(1_000_000), 0.0);
    }

    @Test
    void noCosinePartWhenWarmupFillsTheRun() {
        WarmupCosineSchedule s = WarmupCosineSchedule.fromZero(2.0, 0.5, 5, 5);
        assertEquals(0.0, s.valueAt(0), 0.0);
        assertEquals(2.0, s.valueAt(4), 0.0);
        assertEquals(0.5, s.valueAt(5), 0.0);
    }

    @Test
    void byolMomentumFormulaIsExactlyCosineAndWarmupCosineWithoutWarmup() {
        double tauBase = 0.996;
        long total = 1000;
        CosineSchedule cosine = new CosineSchedule(tauBase, 1.0, total);
        WarmupCosineSchedule noWarmup = new WarmupCosineSchedule(tauBase, 1.0, 0, total, 0.0);
        for (long k = 0; k <= total + 5; k++) {
            long kk = Math.min(k, total);
            double byol = 1 - (1 - tauBase) * (Math.cos(Math.PI * kk / total) + 1) / 2;
            assertEquals(byol, cosine.valueAt(k), 0.0, "step " + k);
            assertEquals(byol, noWarmup.valueAt(k), 0.0, "step " + k);
        }
        assertEquals(tauBase, cosine.valueAt(0), 0.0);
        assertEquals(0.998, cosine.valueAt(500), 1e-15);
        assertEquals(1.0, cosine.valueAt(1000), 0.0);
    }

    @Test
    void linearIsNumpyLinspaceThenConstant() {
        LinearSchedule temp = new LinearSchedule(0.04, 0.07, 30); // DINO teacher temperature
        assertEquals(0.04, temp.valueAt(0), 0.0);
        assertEquals(0.04 + 10 * (0.03 / 29), temp.valueAt(10), 1e-17);
        assertEquals(0.07, temp.valueAt(29), 0.0);
        assertEquals(0.07, temp.valueAt(30), 0.0);
        assertEquals(0.07, temp.valueAt(300), 0.0);
        assertEquals(3.0, new LinearSchedule(3.0, 5.0, 1).valueAt(0), 0.0);
        assertEquals(5.0, new LinearSchedule(3.0, 5.0, 1).valueAt(1), 0.0);
        for (long k = 1; k < 30; k++) {
            assertTrue(temp.valueAt(k) > temp.valueAt(k - 1));
        }
    }

    @Test
    void constantAndDjlTrackerView() {
        assertEquals(0.05, Schedule.constant(0.05).valueAt(123), 0.0);
        Tracker tracker = new CosineSchedule(1.0, 0.0, 10);
        assertEquals((float) new CosineSchedule(1.0, 0.0, 10).valueAt(3), tracker.getNewValue(3));
        assertEquals(0.5f, tracker.getNewValue("any-parameter-id", 5), 1e-7f);
    }

    @Test
    void invalidArgumentsNameTheField() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new WarmupCosineSchedule(1, 0, 20, 10, 0));
        assertTrue(e.getMessage().contains("totalSteps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(1, 0, 0));
        assertTrue(e.getMessage().contains("totalSteps"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class, () -> new LinearSchedule(Double.NaN, 0, 3));
        assertTrue(e.getMessage().contains("start"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new ConstantSchedule(Double.POSITIVE_INFINITY));
        assertTrue(e.getMessage().contains("value"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new WarmupCosineSchedule(1, 0, -1, 10, 0));
        assertTrue(e.getMessage().contains("warmupSteps"), e.getMessage());
    }
}
