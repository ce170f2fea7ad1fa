package io.github.djlssl.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedEncoderTest {

    @TempDir Path dir;

    private static RunRecord record(EncoderSpec spec) {
        return new RunRecord("simclr", Map.of(), spec, "fashion-mnist", null, null, 0,
                new float[] {0.286f}, new float[] {0.353f}, null);
    }

    @Test
    void loadsTheSavedWeightsAndNormalisation() throws IOException {
        EncoderSpec spec = EncoderSpec.of("resnet18", 16, 1).withWidth(4);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder trained = PretrainedEncoder.initialise(spec, manager);
            record(spec).write(dir);
            try (OutputStream out = Files.newOutputStream(dir.resolve(PretrainedEncoder.WEIGHTS_FILE));
                    DataOutputStream dout = new DataOutputStream(out)) {
                trained.saveParameters(dout);
            }
            PretrainedEncoder loaded = PretrainedEncoder.load(dir, manager);
            assertEquals(spec, loaded.spec());
            assertArrayEquals(new float[] {0.286f}, loaded.normalization().mean());
            NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(3, 1, 16, 16));
            ParameterStore ps = new ParameterStore(manager, false);
            float[] a = trained.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] b = loaded.encoder().forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(a, b, 0f);
        }
    }

    @Test
    void unfinishedOrForeignDirectoriesNameWhatIsMissing() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException noRecord =
                    assertThrows(IllegalArgumentException.class, () -> PretrainedEncoder.load(dir, manager));
            assertTrue(noRecord.getMessage().contains("config.json"), noRecord.getMessage());
            record(EncoderSpec.of("resnet18", 16, 1).withWidth(4)).write(dir);
            IllegalArgumentException noWeights =
                    assertThrows(IllegalArgumentException.class, () -> PretrainedEncoder.load(dir, manager));
            assertTrue(noWeights.getMessage().contains("encoder.params"), noWeights.getMessage());
            Files.write(dir.resolve(PretrainedEncoder.WEIGHTS_FILE), new byte[] {1, 2, 3});
            IOException corrupt = assertThrows(IOException.class, () -> PretrainedEncoder.load(dir, manager));
            assertTrue(corrupt.getMessage().contains("encoder.params"), corrupt.getMessage());
        }
    }
}
