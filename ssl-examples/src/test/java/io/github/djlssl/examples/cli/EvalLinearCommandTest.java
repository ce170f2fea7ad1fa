package io.github.djlssl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.djlssl.examples.CliRun;
import org.junit.jupiter.api.Test;

class EvalLinearCommandTest {

    @Test
    void maxTrainAndMaxTestProbeOnBalancedSubsets() {
        CliRun r =
                CliRun.of("eval", "linear", "--random-init", "--encoder", "resnet18", "--width", "4",
                        "--dataset", "synthetic:128", "--max-train", "60", "--max-test", "20",
                        "--probe-epochs", "2", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("linear: 60 training images, 20 test images"), r.out());
        String last = r.lastLine();
        assertTrue(last.matches("linear_top1=(0\\.\\d{4}|1\\.0000)"), r.out());
        double top1 = Double.parseDouble(last.substring(last.indexOf('=') + 1));
        // 20 of synthetic:128's 32 test images: the accuracy is a multiple of 1/20
        assertEquals(Math.round(top1 * 20), top1 * 20, 1e-3, last);
    }

    @Test
    void finetuneTakesMaxTestToo() {
        CliRun r =
                CliRun.of("eval", "finetune", "--random-init", "--encoder", "resnet18", "--width", "4",
                        "--dataset", "synthetic:128", "--max-train", "32", "--max-test", "20",
                        "--ft-epochs", "1", "--ft-batch-size", "16", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        String last = r.lastLine();
        assertTrue(last.startsWith("finetune_top1="), r.out());
        double top1 = Double.parseDouble(last.substring(last.indexOf('=') + 1));
        assertEquals(Math.round(top1 * 20), top1 * 20, 1e-3, last);
    }

    @Test
    void nonPositiveLimitIsAOneLineUsageError() {
        CliRun r = CliRun.of("eval", "linear", "--random-init", "--dataset", "synthetic:64", "--max-test", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("djl-ssl: "), r.err());
        assertTrue(r.err().contains("0"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
