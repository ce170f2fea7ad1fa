package io.github.djlssl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.djlssl.examples.DjlSslCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unwritable {@code --out} ends {@code pretrain} with exit code 1 and one line that names the
 * path and the reason, before any training. Tests run as root, which ignores permission bits, so
 * the unwritable places are a path below a regular file and (where the kernel refuses it) {@code
 * /sys}.
 */
class RunDirectoryErrorsTest {

    private static List<String> pretrainInto(Path out, int[] code) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code[0] =
                    DjlSslCli.run("pretrain", "--method", "simclr", "--dataset", "synthetic:64", "--image-size", "16",
                            "--encoder", "resnet18", "--width", "4", "--batch-size", "16", "--epochs", "1",
                            "--threads", "1", "--no-progress", "--out", out.toString());
        } finally {
            System.setErr(oldErr);
        }
        return err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("djl-ssl: ")).toList();
    }

    @Test
    void outBelowARegularFileIsNamedInOneLine(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("results.csv");
        Files.writeString(file, "a,b\n");
        Path out = file.resolve("run");
        int[] code = new int[1];
        List<String> lines = pretrainInto(out, code);
        assertEquals(1, code[0], String.join("\n", lines));
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("cannot create directory " + out), last);
        assertTrue(last.toLowerCase().endsWith(": not a directory"), last);
        System.out.println(last);
        assertFalse(last.contains("\tat "), last);
        assertEquals("a,b\n", Files.readString(file), "the file in the way is untouched");
    }

    @Test
    void outTheKernelRefusesIsNamedInOneLine() {
        Path out = Path.of("/sys/djl-ssl-run-test");
        assumeTrue(Files.isDirectory(Path.of("/sys")) && !Files.exists(out));
        int[] code = new int[1];
        List<String> lines = pretrainInto(out, code);
        assertEquals(1, code[0], String.join("\n", lines));
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("cannot create directory " + out + ": "), last);
        System.out.println(last);
    }
}
