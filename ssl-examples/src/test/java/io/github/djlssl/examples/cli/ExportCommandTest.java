package io.github.djlssl.examples.cli;

import io.github.djlssl.examples.CliRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.export.EncoderExport;
import io.github.djlssl.core.export.ExportedEncoder;
import io.github.djlssl.core.export.SafetensorsFile;
import io.github.djlssl.core.export.SafetensorsReader;
import io.github.djlssl.core.run.PretrainedEncoder;
import io.github.djlssl.core.run.RunRecord;


import java.io.IOException;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {

    static final EncoderSpec SPEC = EncoderSpec.of("resnet18", 16, 3).withWidth(8);



    /** A run directory as pretrain leaves it (config.json + encoder.params), random weights. */
    static Path fakeRun(Path dir) throws IOException {
        new RunRecord("simclr", Map.of(), SPEC, "synthetic", null, null, 16,
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}, null).write(dir);
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderExport.writeDjl(PretrainedEncoder.initialise(SPEC, m), dir.resolve(PretrainedEncoder.WEIGHTS_FILE));
        }
        return dir;
    }

    @Test
    void exportsSafetensorsAndASampleThatReproducesTheFeatures(@TempDir Path tmp) throws IOException {
        Path run = fakeRun(tmp.resolve("run"));
        Path out = tmp.resolve("enc.safetensors");
        Path sample = tmp.resolve("sample.safetensors");
        CliRun r = CliRun.of("export", "--run", run.toString(), "--out", out.toString(), "--sample", sample.toString(),
                "--sample-size", "2", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + out), r.out());
        try (NDManager m = NDManager.newBaseManager()) {
            ExportedEncoder e = EncoderExport.readSafetensors(out, m);
            assertEquals(SPEC, e.spec());
            assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, e.normalization().std());
            SafetensorsFile s = SafetensorsReader.read(sample);
            NDArray input = m.create(s.tensor("input").floats(), new Shape(s.tensor("input").shape()));
            float[] features = e.encoder().features(new ParameterStore(m, false), input, false).toFloatArray();
            assertArrayEquals(s.tensor("features").floats(), features);
            assertEquals(2 * 64, features.length);
        }
    }

    @Test
    void exportsDjlParameters(@TempDir Path tmp) throws IOException {
        Path run = fakeRun(tmp.resolve("run"));
        Path out = tmp.resolve("enc.params");
        CliRun r = CliRun.of("export", "--run", run.toString(), "--format", "djl", "--out", out.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.err());
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder original = PretrainedEncoder.load(run, m).encoder();
            Encoder copy = EncoderExport.readDjl(out, SPEC, m);
            NDArray x = m.randomUniform(-1, 1, new Shape(1, 3, 16, 16));
            assertArrayEquals(original.features(new ParameterStore(m, false), x, false).toFloatArray(),
                    copy.features(new ParameterStore(m, false), x, false).toFloatArray());
        }
    }

    @Test
    void badUsageIsOneLineAndExitCodeTwo(@TempDir Path tmp) throws IOException {
        Path run = fakeRun(tmp.resolve("run"));
        Path unfinished = tmp.resolve("unfinished");
        new RunRecord("simclr", Map.of(), SPEC, "synthetic", null, null, 16,
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}, null).write(unfinished);
        String out = tmp.resolve("x.safetensors").toString();
        for (String[] args :
                new String[][] {
                    {"export", "--run", tmp.resolve("nothing").toString(), "--out", out},
                    {"export", "--run", unfinished.toString(), "--out", out},
                    {"export", "--run", run.toString(), "--out", out, "--format", "onnx"},
                    {"export", "--run", run.toString()},
                    {"export", "--out", out},
                    {"export", "--run", run.toString(), "--out", tmp.toString()},
                    {"export", "--run", run.toString(), "--out", out, "--sample", out + ".s", "--sample-size", "0"}
                }) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args) + " → " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertTrue(r.err().startsWith("djl-ssl: "), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("x.safetensors")), "nothing written on bad usage");
    }
}
