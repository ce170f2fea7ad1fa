package io.github.djlssl.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's drift statistic and the recorder's quantiles, on fixed series. */
class MemoryDriftTest {

    private static final long MB = 1 << 20;

    private static List<MemorySample> series(long... rssMb) {
        List<MemorySample> out = new ArrayList<>();
        for (int i = 0; i < rssMb.length; i++) {
            out.add(new MemorySample((i + 1) * 10L, 8 * MB, rssMb[i] * MB));
        }
        return out;
    }

    @Test
    void flatSeriesPassesAndALinearLeakFails() {
        MemoryDrift flat = MemoryDrift.of(series(300, 200, 201, 199, 200, 202, 200, 201, 200), 10,
                MemorySample::residentBytes);
        assertEquals(200.5, flat.firstQuarterMb(), 1e-9); // {200, 201}; the warm-up sample (300) is excluded
        assertEquals(0.0, flat.drift(), 0.02);
        assertTrue(flat.within(0.05));

        MemoryDrift leak = MemoryDrift.of(series(200, 204, 208, 212, 216, 220, 224, 228), 0,
                MemorySample::residentBytes);
        // first quarter {200, 204} → 202, last quarter {224, 228} → 226
        assertEquals(202, leak.firstQuarterMb(), 1e-9);
        assertEquals(226, leak.lastQuarterMb(), 1e-9);
        assertEquals(24.0 / 202, leak.drift(), 1e-12);
        assertFalse(leak.within(0.05));
    }

    @Test
    void tooFewSamplesAreNotAPass() {
        MemoryDrift d = MemoryDrift.of(series(1, 2, 3), 0, MemorySample::residentBytes);
        assertTrue(Double.isNaN(d.drift()));
        assertFalse(d.within(0.05));
    }

    @Test
    void quantilesAreTheUsualMedianAndNearestRank() {
        long[] v = {5, 1, 4, 2, 3, 6};
        assertEquals(3.5, StepRecorder.quantile(v, 0.5), 0);
        assertEquals(6, StepRecorder.quantile(v, 0.9), 0); // rank ceil(5.4) = 6
        assertEquals(1, StepRecorder.quantile(v, 0.0), 0);
        assertEquals(2, StepRecorder.quantile(new long[] {3, 1, 2}, 0.5), 0);
        assertEquals(5, v[0], "input not reordered");
    }

    @Test
    void recorderSplitsWaitFromIterationAfterWarmup() {
        StepRecorder r = new StepRecorder(2, 3, 0);
        r.stepFinished(0, 999, 1000); // warm-up: not timed
        r.stepFinished(1, 999, 1000);
        r.stepFinished(2, 10_000_000, 100_000_000);
        r.stepFinished(3, 0, 200_000_000);
        r.stepFinished(4, 5_000_000, 300_000_000);
        assertEquals(3, r.timedSteps());
        assertEquals(200.0, r.iterationMillis(0.5), 1e-9);
        assertEquals(300.0, r.iterationMillis(0.9), 1e-9);
        assertEquals(15.0 / 600, r.dataWaitShare(), 1e-12);
        assertTrue(r.samples().isEmpty());
    }
}
