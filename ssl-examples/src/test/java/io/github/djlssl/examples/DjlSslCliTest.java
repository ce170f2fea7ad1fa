package io.github.djlssl.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlSslCliTest {

    /** Output of one in-process run of the tool. */
    record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = DjlSslCli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void methodsListsSimClrAndDescribePrintsTheRecordDefaults() {
        Run methods = cli("methods");
        assertEquals(0, methods.code());
        assertTrue(methods.out().contains("simclr"), methods.out());
        Run describe = cli("describe", "simclr");
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
            Run r = cli(args);
            assertEquals(2, r.code(), String.join(" ", args) + " → " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertTrue(r.err().startsWith("djl-ssl: "), r.err());
        }
    }

    @Test
    void missingDatasetSaysHowToGetIt(@TempDir Path tmp) {
        Run r =
                cli("pretrain", "--method", "simclr", "--dataset", "fashion-mnist", "--data-dir",
                        tmp.resolve("nothing-here").toString(), "--out", tmp.resolve("run").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("apt-get install dataset-fashion-mnist"), r.err());
        assertTrue(r.err().contains("--data-dir"), r.err());
    }

    @Test
    void pretrainWritesTheRunAndEvalReadsItBack(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Run pre =
                cli("pretrain", "--method", "simclr", "--encoder", "resnet18", "--width", "4",
                        "--dataset", "synthetic:128", "--epochs", "2", "--batch-size", "32",
                        "--set", "projectionDim=16", "--set", "optimizer.momentum=0.8",
                        "--no-progress", "--threads", "1", "--out", run.toString());
        assertEquals(0, pre.code(), pre.err());
        assertTrue(pre.lastLine().matches("knn_top1=0\\.\\d{4}"), pre.out());
        for (String f : new String[] {"config.json", "metrics.jsonl", "encoder.params", "checkpoints/epoch-0002/model.safetensors"}) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"projectionDim\": \"16\""));

        Run knn = cli("eval", "knn", "--run", run.toString(), "--dataset", "synthetic:128", "--threads", "1");
        assertEquals(0, knn.code(), knn.err());
        assertEquals(pre.lastLine(), knn.lastLine(), "eval of the saved encoder reproduces the run's score");

        Run linear = cli("eval", "linear", "--run", run.toString(), "--dataset", "synthetic:128", "--probe-epochs", "5", "--threads", "1");
        assertEquals(0, linear.code(), linear.err());
        assertTrue(linear.lastLine().matches("linear_top1=0\\.\\d{4}|linear_top1=1\\.0000"), linear.out());

        Run random =
                cli("eval", "knn", "--random-init", "--encoder", "resnet18", "--width", "4",
                        "--dataset", "synthetic:128", "--threads", "1");
        assertEquals(0, random.code(), random.err());
        assertTrue(random.lastLine().startsWith("knn_top1="), random.out());

        // resuming a finished run trains nothing more and scores the same
        Run resumed =
                cli("pretrain", "--method", "simclr", "--encoder", "resnet18", "--width", "4",
                        "--dataset", "synthetic:128", "--epochs", "2", "--batch-size", "32",
                        "--set", "projectionDim=16", "--set", "optimizer.momentum=0.8",
                        "--no-progress", "--threads", "1", "--resume", "--out", run.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(pre.lastLine(), resumed.lastLine());
    }
}
