package io.github.djlssl.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djlssl.core.data.SyntheticImageSource;
import io.github.djlssl.core.optim.OptimizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory stays flat over many steps: no array outlives its step, native memory does not creep. */
class TrainerMemoryTest {

    @Test
    void fiveHundredStepsKeepArraysAndResidentMemoryFlat(@TempDir Path dir) throws Exception {
        List<Long> rss;
        Engine.getInstance().setRandomSeed(1);
        TrainerConfig config =
                new TrainerConfig(1, 8, 1, OptimizerConfig.adamw(1e-3, 0.05), "cpu", 0, 25, false);
        try (NDManager m = NDManager.newBaseManager()) {
            TinyMethod method = new TinyMethod(m, Long.MAX_VALUE);
            method.probeResidentMemoryEvery(50);
            int before = m.getManagedArrays().size();
            TrainingSummary s =
                    new SslTrainer(config).fit(method, new SyntheticImageSource(4000, 1, 16, 4, 0), dir, false, null);
            assertEquals(500, s.steps());
            assertEquals(before, m.getManagedArrays().size(), "arrays leaked into the method's manager");
            rss = method.residentMb();
        }
        List<Long> liveArrays = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
            JsonObject row = JsonParser.parseString(line).getAsJsonObject();
            if (row.has("live_arrays")) {
                liveArrays.add(row.get("live_arrays").getAsLong());
            }
        }
        assertEquals(20, liveArrays.size());
        assertEquals(1, liveArrays.subList(1, liveArrays.size()).stream().distinct().count(), "live arrays: " + liveArrays);
        assertEquals(10, rss.size());
        // A leak grows monotonically; allocator noise makes single probes jump by ~20 MB now and
        // then. Compare medians: steps 100-250 against steps 300-500, +5% plus a few MB.
        long early = median(rss.subList(1, 5));
        long late = median(rss.subList(5, 10));
        assertTrue(late <= early * 1.05 + 8, "resident memory grew from " + early + " MB to " + late + " MB: " + rss);
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        java.util.Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
