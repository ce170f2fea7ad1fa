package io.github.djlssl.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.data.SyntheticImageSource;
import io.github.djlssl.core.io.AtomicFiles;
import io.github.djlssl.core.optim.OptimizerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash leaves on disk, and that resume copes with each state: a line of {@code
 * metrics.jsonl} torn by {@code kill -9} (with and without a checkpoint to resume from), a
 * checkpoint directory abandoned mid-write, a disk that fills up mid-checkpoint ({@code
 * /dev/full}: a real ENOSPC), every checkpoint corrupt, and a run stopped by divergence.
 */
class CheckpointCrashTest {

    /** 64 images, batch 16: 4 steps per epoch. */
    private static final ImageSource DATA = new SyntheticImageSource(64, 1, 16, 4, 0);

    /** The uninterrupted 3-epoch run every resumed run must reproduce (trained once). */
    @TempDir static Path straight;

    @BeforeAll
    static void trainUninterrupted() throws IOException {
        train(straight, false, Long.MAX_VALUE);
    }

    private static TrainerConfig config(int epochs) {
        return TrainerConfig.of(epochs, 16, OptimizerConfig.sgd(0.05, 0.9, 5e-4))
                .withSeed(3)
                .withProgress(false);
    }

    private static void train(Path dir, boolean resume, long crashAtStep) throws IOException {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            new SslTrainer(config(3)).fit(new TinyMethod(m, Long.MAX_VALUE, crashAtStep), DATA, dir, resume, null);
        }
    }

    private static void crash(Path dir, long atStep) {
        assertThrows(IllegalStateException.class, () -> train(dir, false, atStep));
    }

    @Test
    void tornMetricsLineAfterTheCheckpointIsRewrittenOnResume(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        crash(run, 7); // epoch-0001 holds steps 0-3
        // what a kill leaves: rows past the checkpoint, the last one cut mid-write
        Files.writeString(
                run.resolve("metrics.jsonl"),
                "{\"step\":4,\"epoch\":1,\"loss\":9.0}\n{\"step\":5,\"epoch\":1,\"lo",
                StandardOpenOption.APPEND);
        train(run, true, Long.MAX_VALUE);
        assertArrayEquals(losses(straight), losses(run), 0f, "resumed curve must equal the uninterrupted one");
    }

    @Test
    void tornMetricsLineBeforeTheFirstCheckpointRestartsCleanly(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        crash(run, 2); // no checkpoint yet
        Files.writeString(
                run.resolve("metrics.jsonl"),
                "{\"step\":0,\"epoch\":0,\"loss\":9.0}\n{\"step\":1,\"ep",
                StandardOpenOption.APPEND);
        train(run, true, Long.MAX_VALUE);
        float[] expected = losses(straight);
        assertEquals(12, expected.length);
        assertArrayEquals(expected, losses(run), 0f, "stale rows of the killed run must be gone");
    }

    @Test
    void checkpointAbandonedMidWriteIsIgnoredAndRemoved(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        crash(run, 9); // epoch-0001 and epoch-0002 complete
        Path ckpts = run.resolve("checkpoints");
        // A kill during the epoch-3 save leaves a temporary with a truncated model file.
        Path partial = ckpts.resolve("epoch-0003" + AtomicFiles.TMP_MARKER + "123");
        Files.createDirectories(partial);
        byte[] model = Files.readAllBytes(ckpts.resolve("epoch-0002").resolve(Checkpoints.MODEL));
        Files.write(partial.resolve(Checkpoints.MODEL), java.util.Arrays.copyOf(model, model.length / 2));
        assertEquals(List.of(ckpts.resolve("epoch-0002"), ckpts.resolve("epoch-0001")), new Checkpoints(ckpts).list());
        // and a kill during an earlier run's encoder export left its temporary too
        Path encoderTmp = run.resolve("encoder.params" + AtomicFiles.TMP_MARKER + "456");
        Files.write(encoderTmp, new byte[] {9, 9});

        train(run, true, Long.MAX_VALUE);
        assertFalse(Files.exists(partial), "the abandoned checkpoint temporary is cleaned up");
        assertFalse(Files.exists(encoderTmp), "the abandoned encoder temporary is cleaned up");
        assertArrayEquals(losses(straight), losses(run), 0f);
        assertEquals(
                Files.readAllBytes(straight.resolve("encoder.params")).length,
                Files.readAllBytes(run.resolve("encoder.params")).length);
        assertArrayEquals(
                Files.readAllBytes(straight.resolve("encoder.params")),
                Files.readAllBytes(run.resolve("encoder.params")),
                "resumed weights equal the uninterrupted run's bit for bit");
    }

    @Test
    void diskFullMidCheckpointKeepsThePreviousOneUsable(@TempDir Path tmp) throws IOException {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.exists(devFull), "needs Linux /dev/full");
        Path run = tmp.resolve("run");
        crash(run, 5); // epoch-0001 complete
        Path ckpts = run.resolve("checkpoints");
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            TinyMethod method = new TinyMethod(m, Long.MAX_VALUE);
            // every checkpoint file "lands" on /dev/full: each write fails with ENOSPC
            Checkpoints full = new Checkpoints(ckpts, file -> Files.newOutputStream(devFull));
            IOException e =
                    assertThrows(
                            IOException.class,
                            () -> full.save(
                                    new Checkpoints.Position(2, 8, 3, "tiny"),
                                    method.checkpointBlocks(),
                                    method.stateArrays(),
                                    new NDList()));
            assertTrue(e.getMessage().contains(ckpts.resolve("epoch-0002").toString()), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("no space left on device"), e.getMessage());
            try (Stream<Path> left = Files.list(ckpts)) {
                assertEquals(List.of(ckpts.resolve("epoch-0001")), left.toList(), "no temporary is left behind");
            }
            Optional<Checkpoints.Position> pos =
                    new Checkpoints(ckpts)
                            .restoreLatest(m, method.checkpointBlocks(), method.stateArrays(), s -> {});
            assertEquals(1, pos.orElseThrow().epoch());
        }
    }

    @Test
    void resumeWithEveryCheckpointCorruptFailsAndDeletesNothing(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        crash(run, 9);
        Path ckpts = run.resolve("checkpoints");
        Path model2 = ckpts.resolve("epoch-0002").resolve(Checkpoints.MODEL);
        Path json1 = ckpts.resolve("epoch-0001").resolve(Checkpoints.TRAINER);
        Files.write(model2, new byte[] {1, 2, 3});
        Files.writeString(json1, "{\"epoch\": 1, \"globalSt");
        byte[] metricsBefore = Files.readAllBytes(run.resolve("metrics.jsonl"));

        IOException e = assertThrows(IOException.class, () -> train(run, true, Long.MAX_VALUE));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("cannot resume: no readable checkpoint in " + ckpts), msg);
        assertTrue(msg.contains(model2 + " is corrupt"), msg);
        assertTrue(msg.contains(json1 + " is corrupt"), msg);
        assertTrue(msg.contains("without --resume"), msg);
        assertEquals(2, new Checkpoints(ckpts).list().size(), "nothing is deleted");
        assertArrayEquals(metricsBefore, Files.readAllBytes(run.resolve("metrics.jsonl")));
    }

    @Test
    void corruptLatestCheckpointNamesTheFileAndTheRunGoesOnFromThePreviousOne(@TempDir Path tmp)
            throws IOException {
        Path run = tmp.resolve("run");
        crash(run, 9);
        Path model2 = run.resolve("checkpoints/epoch-0002").resolve(Checkpoints.MODEL);
        byte[] bytes = Files.readAllBytes(model2);
        Files.write(model2, java.util.Arrays.copyOf(bytes, bytes.length - 100)); // truncated
        train(run, true, Long.MAX_VALUE);
        assertArrayEquals(losses(straight), losses(run), 0f, "epochs 2 and 3 retrained from epoch-0001");
    }

    @Test
    void divergenceLeavesTheLastGoodCheckpointRestorableAndNoNonFiniteRow(@TempDir Path tmp)
            throws IOException {
        Engine.getInstance().setRandomSeed(3);
        DivergenceException e;
        try (NDManager m = NDManager.newBaseManager()) {
            e = assertThrows(
                    DivergenceException.class,
                    () -> new SslTrainer(config(3)).fit(new TinyMethod(m, 6), DATA, tmp, false, null));
        }
        Path ckpts = tmp.resolve("checkpoints");
        assertTrue(e.getMessage().contains("at step 6"), e.getMessage());
        assertTrue(e.getMessage().contains(ckpts.resolve("epoch-0001").toString()), e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            TinyMethod fresh = new TinyMethod(m, Long.MAX_VALUE);
            Checkpoints.Position pos =
                    new Checkpoints(ckpts)
                            .restoreLatest(m, fresh.checkpointBlocks(), fresh.stateArrays(), s -> {})
                            .orElseThrow();
            assertEquals(1, pos.epoch());
            assertEquals(4, pos.globalStep());
        }
        for (float l : losses(tmp)) {
            assertTrue(Float.isFinite(l), "a non-finite loss reached metrics.jsonl");
        }
        assertFalse(Files.exists(tmp.resolve("encoder.params")), "a diverged run exports no encoder");
    }

    private static float[] losses(Path runDir) throws IOException {
        List<Float> values = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"), StandardCharsets.UTF_8)) {
            JsonObject row = JsonParser.parseString(line).getAsJsonObject(); // a torn line fails here
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
