package io.github.djlssl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.djlssl.examples.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalFinetuneCommandTest {

    @Test
    void finetunesARunAndARandomInitAndPrintsTheScoreLast(@TempDir Path tmp) {
        Path run = tmp.resolve("run");
        CliRun pre =
                CliRun.of("pretrain", "--method", "simclr", "--encoder", "resnet18", "--width", "4",
                        "--dataset", "synthetic:128", "--epochs", "1", "--batch-size", "32",
                        "--set", "projectionDim=16", "--no-progress", "--threads", "1", "--out", run.toString());
        assertEquals(0, pre.code(), pre.err());

        CliRun fromRun =
                CliRun.of("eval", "finetune", "--run", run.toString(), "--dataset", "synthetic:128",
                        "--ft-epochs", "1", "--ft-batch-size", "16", "--max-train", "64", "--threads", "1");
        assertEquals(0, fromRun.code(), fromRun.err());
        assertTrue(fromRun.lastLine().matches("finetune_top1=(0\\.\\d{4}|1\\.0000)"), fromRun.out());
        assertTrue(fromRun.out().contains("finetune: 64 labelled images, 1 epochs, 4 steps"), fromRun.out());

        CliRun random =
                CliRun.of("eval", "finetune", "--random-init", "--encoder", "resnet18", "--width", "4",
                        "--dataset", "synthetic:128", "--ft-epochs", "1", "--ft-batch-size", "32",
                        "--ft-lr", "0.01", "--ft-label-smoothing", "0", "--ft-min-crop", "1", "--threads", "1");
        assertEquals(0, random.code(), random.err());
        assertTrue(random.lastLine().startsWith("finetune_top1="), random.out());
    }

    @Test
    void badRecipeIsAOneLineUsageError() {
        CliRun r = CliRun.of("eval", "finetune", "--random-init", "--dataset", "synthetic:64", "--ft-batch-size", "1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("djl-ssl: "), r.err());
        assertTrue(r.err().contains("batchSize"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void cropAndSmoothingOutOfRangeAreUsageErrors() {
        CliRun crop = CliRun.of("eval", "finetune", "--random-init", "--dataset", "synthetic:64", "--ft-min-crop", "0");
        assertEquals(2, crop.code(), crop.err());
        assertTrue(crop.err().contains("minCropScale"), crop.err());
        CliRun smoothing =
                CliRun.of("eval", "finetune", "--random-init", "--dataset", "synthetic:64", "--ft-label-smoothing", "1");
        assertEquals(2, smoothing.code(), smoothing.err());
        assertTrue(smoothing.err().contains("labelSmoothing"), smoothing.err());
    }
}
