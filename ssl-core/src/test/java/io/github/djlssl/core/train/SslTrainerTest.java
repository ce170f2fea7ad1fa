package io.github.djlssl.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.data.SyntheticImageSource;
import io.github.djlssl.core.optim.OptimizerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SslTrainerTest {

    private static final ImageSource DATA = new SyntheticImageSource(64, 1, 16, 4, 0);

    private static TrainerConfig config(int epochs) {
        return TrainerConfig.of(epochs, 16, OptimizerConfig.sgd(0.05, 0.9, 5e-4))
                .withSeed(3)
                .withProgress(false);
    }

    private static TrainingSummary train(Path dir, int epochs, boolean resume, long nanFromStep)
            throws IOException {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            TinyMethod method = new TinyMethod(m, nanFromStep);
            return new SslTrainer(config(epochs)).fit(method, DATA, dir, resume, null);
        }
    }

    @Test
    void resumedRunReproducesTheUninterruptedLossCurve(@TempDir Path tmp) throws IOException {
        Path straight = tmp.resolve("straight");
        Path resumed = tmp.resolve("resumed");
        train(straight, 3, false, Long.MAX_VALUE);
        // A 3-epoch run that dies in the middle of epoch 2 (4 steps per epoch) ...
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            TinyMethod crashing = new TinyMethod(m, Long.MAX_VALUE, 6);
            assertThrows(
                    IllegalStateException.class,
                    () -> new SslTrainer(config(3)).fit(crashing, DATA, resumed, false, null));
        }
        // ... resumed with a different init seed: the restore must overwrite every weight.
        Engine.getInstance().setRandomSeed(99);
        try (NDManager m = NDManager.newBaseManager()) {
            new SslTrainer(config(3)).fit(new TinyMethod(m, Long.MAX_VALUE), DATA, resumed, true, null);
        }
        float[] a = losses(straight.resolve("metrics.jsonl"));
        float[] b = losses(resumed.resolve("metrics.jsonl"));
        assertEquals(12, a.length);
        assertArrayEquals(a, b, 0f, "resume must continue the exact loss curve");
        assertTrue(Files.isRegularFile(resumed.resolve("encoder.params")));
        assertEquals(3, new Checkpoints(resumed.resolve("checkpoints")).list().size());
    }

    @Test
    void lossFallsOnATinyRun(@TempDir Path tmp) throws IOException {
        TrainingSummary s = train(tmp, 4, false, Long.MAX_VALUE);
        List<Double> l = s.epochLosses();
        assertEquals(4, l.size());
        assertTrue(l.get(3) < l.get(0), "loss should fall: " + l);
        assertEquals(16, s.steps());
    }

    @Test
    void divergenceGuardNamesTheStepAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws IOException {
        // 4 steps per epoch: epoch 1 (steps 0-3) is checkpointed, step 6 turns NaN.
        DivergenceException e = assertThrows(DivergenceException.class, () -> train(tmp, 3, false, 6));
        assertEquals(6, e.step());
        assertTrue(e.getMessage().contains("step 6"), e.getMessage());
        assertTrue(e.getMessage().contains("epoch-0001"), e.getMessage());
        List<Path> ckpts = new Checkpoints(tmp.resolve("checkpoints")).list();
        assertEquals(1, ckpts.size(), "only the last good checkpoint exists");
    }

    @Test
    void corruptLatestCheckpointFallsBackToThePreviousOne(@TempDir Path tmp) throws IOException {
        train(tmp, 2, false, Long.MAX_VALUE);
        Path latest = tmp.resolve("checkpoints/epoch-0002/model.safetensors");
        Files.write(latest, new byte[] {1, 2, 3});
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingSummary s =
                    new SslTrainer(config(3)).fit(new TinyMethod(m, Long.MAX_VALUE), DATA, tmp, true, null);
            // resumed from epoch 1, so this call trained epochs 2 and 3
            assertEquals(2, s.epochLosses().size());
        }
    }

    @Test
    void unwritableRunDirectoryNamesThePath(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("not-a-dir");
        Files.writeString(file, "x");
        IOException e = assertThrows(IOException.class, () -> train(file.resolve("run"), 1, false, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    private static float[] losses(Path metrics) throws IOException {
        List<Float> values = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonObject row = JsonParser.parseString(line).getAsJsonObject();
            if (row.has("loss")) {
                values.add(row.get("loss").getAsFloat());
            }
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
