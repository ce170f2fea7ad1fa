package io.github.djlssl.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlSslCliTest {

    @Test
    void methodsListsSimClrAndDescribePrintsTheRecordDefaults() {
        CliRun methods = CliRun.of("methods");
        assertEquals(0, methods.code());
        assertTrue(methods.out().contains("simclr"), methods.out());
        CliRun describe = CliRun.of("describe", "simclr");
        assertEquals(0, describe.code());
        assertTrue(describe.out().contains("temperature = 0.5"), describe.out());
    }

    @Test
    void badUsageIsOneLineAndExitCodeTwo() {
        for (String[] args :
                new String[][] {
                    {"pretrain", "--method", "nope", "--out", "/tmp/x"},
                    {"pretrain", "--method", "simclr", "--out", "/tmp/x", "--encoder", "resnet7"},
                    {"pretrain", "--method", "simclr", "--out", "/tmp/x", "--dataset", "imagenet9"},
                    {"pretrain", "--method", "simclr", "--out", "/tmp/x", "--set", "temperature=-1"},
                    {"pretrain", "--method", "simclr", "--out", "/tmp/x", "--set", "nosuchkey=1"},
                    {"pretrain", "--method", "simclr"},
                    {"pretrain", "--method", "simclr", "--out", "/tmp/x", "--epochs", "many"},
                    {"describe", "nope"},
                    {"eval", "knn"},
                    {"frobnicate"}
                }) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args) + " → " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertTrue(r.err().startsWith("djl-ssl: "), r.err());
        }
    }

    @Test
    void missingDatasetSaysHowToGetIt(@TempDir Path tmp) {
        CliRun r =
                CliRun.of("pretrain", "--method", "simclr", "--dataset", "fashion-mnist", "--data-dir",
                        tmp.resolve("nothing-here").toString(), "--out", tmp.resolve("run").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("apt-get install dataset-fashion-mnist"), r.err());
        assertTrue(r.err().contains("--data-dir"), r.err());
    }

    @Test
    void pretrainWritesTheRunAndEvalReadsItBack(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        CliRun pre =
                CliRun.of("pretrain", "--method", "simclr", "--encoder", "resnet18", "--width", "4",
                        "--dataset", "synthetic:128", "--epochs", "2", "--batch-size", "32",
                        "--set", "projectionDim=16", "--set", "optimizer.momentum=0.8",
                        "--no-progress", "--threads", "1", "--out", run.toString());
        assertEquals(0, pre.code(), pre.err());
        assertTrue(pre.lastLine().matches("knn_top1=0\\.\\d{4}"), pre.out());
        for (String f : new String[] {"config.json", "metrics.jsonl", "encoder.params", "checkpoints/epoch-0002/model.safetensors"}) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"projectionDim\": \"16\""));

        CliRun knn = CliRun.of("eval", "knn", "--run", run.toString(), "--dataset", "synthetic:128", "--threads", "1");
        assertEquals(0, knn.code(), knn.err());
        assertEquals(pre.lastLine(), knn.lastLine(), "eval of the saved encoder reproduces the run's score");

        CliRun linear = CliRun.of("eval", "linear", "--run", run.toString(), "--dataset", "synthetic:128", "--probe-epochs", "5", "--threads", "1");
        assertEquals(0, linear.code(), linear.err());
        assertTrue(linear.lastLine().matches("linear_top1=0\\.\\d{4}|linear_top1=1\\.0000"), linear.out());

        CliRun random =
                CliRun.of("eval", "knn", "--random-init", "--encoder", "resnet18", "--width", "4",
                        "--dataset", "synthetic:128", "--threads", "1");
        assertEquals(0, random.code(), random.err());
        assertTrue(random.lastLine().startsWith("knn_top1="), random.out());

        // resuming a finished run trains nothing more and scores the same
        CliRun resumed =
                CliRun.of("pretrain", "--method", "simclr", "--encoder", "resnet18", "--width", "4",
                        "--dataset", "synthetic:128", "--epochs", "2", "--batch-size", "32",
                        "--set", "projectionDim=16", "--set", "optimizer.momentum=0.8",
                        "--no-progress", "--threads", "1", "--resume", "--out", run.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(pre.lastLine(), resumed.lastLine());
    }
}
