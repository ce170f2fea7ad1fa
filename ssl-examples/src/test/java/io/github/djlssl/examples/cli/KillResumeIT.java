package io.github.djlssl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.djlssl.core.run.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} for real: {@code djl-ssl pretrain} runs in a child JVM, is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) in the middle of an epoch and, separately, while its second
 * checkpoint is being written; {@code --resume} then finishes the run. Each resumed run must end
 * exactly where an uninterrupted run ends: the same loss at every step (bit for bit), the same
 * {@code encoder.params} bytes and the same kNN line, having lost at most one checkpoint interval.
 *
 * <p>Tiny on purpose (synthetic 256 images of 3x16x16, ResNet-18 width 4, batch 16 = 16 steps per
 * epoch, 2 epochs, one thread), so the whole class takes about a minute on one core.
 */
class KillResumeIT {

    private static final int STEPS_PER_EPOCH = 16;
    private static final int EPOCHS = 2;
    private static final List<String> RUN =
            List.of("pretrain", "--method", "simclr", "--dataset", "synthetic:256", "--image-size", "16",
                    "--encoder", "resnet18", "--width", "4", "--batch-size", "16", "--epochs", String.valueOf(EPOCHS),
                    "--threads", "1", "--seed", "7", "--no-progress");

    @TempDir static Path work;
    private static Path straight;
    private static String straightOutput;

    @BeforeAll
    static void runUninterrupted() throws Exception {
        straight = work.resolve("straight");
        Process p = start(straight, false);
        assertEquals(0, p.waitFor(), () -> log(straight));
        straightOutput = Files.readString(straight.resolve("child.out"));
        assertEquals(EPOCHS * STEPS_PER_EPOCH, losses(straight).size());
    }

    @Test
    void killedMidEpochResumesToTheSameResult() throws Exception {
        Path run = work.resolve("mid-epoch");
        Process p = start(run, false);
        // The metrics window of steps 16-25 is flushed 10 steps into epoch 2, past epoch-0001;
        // wait for its last row, so at least 10 steps are lost and must be redone.
        awaitOrFail(p, () -> Files.isDirectory(run.resolve("checkpoints/epoch-0001"))
                && lastStep(run) >= STEPS_PER_EPOCH + 9, run);
        p.destroyForcibly().waitFor();
        assertFalse(p.isAlive());
        assertEquals(137, p.exitValue(), "SIGKILL");
        assertFalse(Files.exists(run.resolve("checkpoints/epoch-0002")), "killed too late: epoch 2 finished");
        long killedAt = lastStep(run);
        RunRecord.read(run); // config.json survived intact

        Process resumed = start(run, true);
        assertEquals(0, resumed.waitFor(), () -> log(run));
        String out = Files.readString(run.resolve("child.out"));
        assertTrue(out.contains("resumed from " + run.resolve("checkpoints/epoch-0001") + " at epoch 1, step 16"), out);
        long redone = killedAt + 1 - STEPS_PER_EPOCH;
        assertTrue(redone > 0 && redone <= STEPS_PER_EPOCH, "lost " + redone + " steps, more than one interval");
        System.out.printf("mid-epoch kill after step %d: resumed from epoch-0001, redid %d steps%n", killedAt, redone);
        assertSameResult(run, out);
    }

    @Test
    void killedWhileWritingACheckpointResumesFromAComplete() throws Exception {
        Path run = work.resolve("mid-checkpoint");
        Path ckpts = run.resolve("checkpoints");
        Process p = start(run, false);
        awaitOrFail(p, () -> Files.isDirectory(ckpts.resolve("epoch-0001")), run);
        boolean caught;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            ckpts.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            caught = killOnTemporary(p, watch, "epoch-0002.tmp-");
        }
        p.waitFor();
        // Whatever moment the kill hit, the name epoch-0002 only ever denotes a complete checkpoint.
        boolean complete = Files.isDirectory(ckpts.resolve("epoch-0002"));
        List<String> leftovers;
        try (Stream<Path> s = Files.list(ckpts)) {
            leftovers = s.map(x -> x.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
        }
        System.out.printf(
                "kill during the epoch-0002 save: temporary seen=%s, epoch-0002 complete=%s, left on disk %s%n",
                caught, complete, leftovers);
        if (caught && !complete) {
            assertEquals(1, leftovers.size(), "the kill hit mid-write and left the temporary");
        }

        Process resumed = start(run, true);
        assertEquals(0, resumed.waitFor(), () -> log(run));
        String out = Files.readString(run.resolve("child.out"));
        if (complete) {
            assertTrue(out.contains("resumed from " + ckpts.resolve("epoch-0002") + " at epoch 2"), out);
        } else {
            assertTrue(out.contains("resumed from " + ckpts.resolve("epoch-0001") + " at epoch 1"), out);
        }
        try (Stream<Path> left = Files.list(ckpts)) {
            assertEquals(
                    List.of(ckpts.resolve("epoch-0001"), ckpts.resolve("epoch-0002")),
                    left.sorted().toList(),
                    "the abandoned temporary is removed");
        }
        assertSameResult(run, out);
    }

    /** Kills the child as soon as a directory with the given prefix appears; true when one did. */
    private static boolean killOnTemporary(Process p, WatchService watch, String prefix)
            throws InterruptedException {
        while (p.isAlive()) {
            WatchKey key = watch.poll(200, TimeUnit.MILLISECONDS);
            if (key == null) {
                continue;
            }
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.context() instanceof Path name && name.toString().startsWith(prefix)) {
                    p.destroyForcibly();
                    return true;
                }
            }
            key.reset();
        }
        return false;
    }

    private static void assertSameResult(Path run, String out) throws IOException {
        assertEquals(losses(straight), losses(run), "loss at every step, bit for bit");
        assertArrayEquals(
                Files.readAllBytes(straight.resolve("encoder.params")),
                Files.readAllBytes(run.resolve("encoder.params")),
                "encoder.params identical");
        assertEquals(knnLine(straightOutput), knnLine(out));
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonParser.parseString(line); // no torn line survives
        }
    }

    private static Process start(Path out, boolean resume) throws IOException {
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dai.djl.pytorch.num_threads=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.github.djlssl.examples.DjlSslCli");
        cmd.addAll(RUN);
        cmd.add("--out");
        cmd.add(out.toString());
        if (resume) {
            cmd.add("--resume");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(out.resolve("child.out").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static void awaitOrFail(Process p, BooleanSupplier condition, Path run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!condition.getAsBoolean()) {
            if (!p.isAlive()) {
                throw new AssertionError("child ended before the kill point: " + log(run));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("timed out waiting for the kill point: " + log(run));
            }
            Thread.sleep(20);
        }
    }

    /** Step → loss of every step row; fails on a torn line. */
    private static TreeMap<Long, Float> losses(Path run) throws IOException {
        TreeMap<Long, Float> out = new TreeMap<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8)) {
            JsonObject row = JsonParser.parseString(line).getAsJsonObject();
            if (row.has("loss")) {
                Float before = out.put(row.get("step").getAsLong(), row.get("loss").getAsFloat());
                assertEquals(null, before, "step " + row.get("step") + " logged twice");
            }
        }
        return out;
    }

    /** Highest step in the metrics file so far, tolerating a line being written. */
    private static long lastStep(Path run) {
        long max = -1;
        try {
            for (String line : Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8)) {
                try {
                    JsonObject row = JsonParser.parseString(line).getAsJsonObject();
                    if (row.has("loss")) {
                        max = Math.max(max, row.get("step").getAsLong());
                    }
                } catch (RuntimeException torn) {
                    // mid-write
                }
            }
        } catch (IOException notYet) {
            return -1;
        }
        return max;
    }

    private static String knnLine(String output) {
        return output.lines().filter(l -> l.startsWith("knn_top1=")).findFirst().orElse("no knn line in: " + output);
    }

    private static String log(Path run) {
        try {
            return Files.readString(run.resolve("child.out"));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
