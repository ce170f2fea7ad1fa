package io.github.djlssl.mim.beit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.testing.MethodHarness;
import io.github.djlssl.core.testing.SslMethodContractTest;
import io.github.djlssl.core.train.Checkpoints;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeitTokenizerTrainingTest extends SslMethodContractTest<BeitTokenizerConfig> {

    @Override
    protected SslMethodProvider<BeitTokenizerConfig> provider() {
        return new BeitTokenizerProvider();
    }

    @Override
    protected BeitTokenizerConfig tinyConfig() {
        return BeitTokenizerConfig.defaults().withSizes(16, 8, 8);
    }

    @Override
    protected Encoder tinyEncoder() {
        return BeitTest.tinyVit();
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("codebookSize", "1", "commitmentCost", "-1", "hiddenChannels", "0");
    }

    @Test
    void reportsReconstructionAndPerplexity() {
        try (MethodHarness<BeitTokenizerConfig> h = harness(1);
                NDManager scope = h.manager().newSubManager()) {
            LossOutput out = h.forwardBackward(scope, h.batch(scope, 8, 1), h.step(scope, 0, 10));
            assertTrue(out.metrics().get("reconstruction").getFloat() > 0);
            float p = out.metrics().get("perplexity").getFloat();
            assertTrue(p >= 1 && p <= 16, "perplexity " + p);
        }
    }

    @Test
    void beitLoadsTheTokenizerFromTheRunDirectory(@TempDir Path run) throws Exception {
        try (MethodHarness<BeitTokenizerConfig> h = harness(3);
                NDManager scope = h.manager().newSubManager()) {
            BeitTokenizerTraining stage = (BeitTokenizerTraining) h.method();
            new Checkpoints(run.resolve("checkpoints")).save(
                    new Checkpoints.Position(1, 1, 3, stage.id()), stage.checkpointBlocks(),
                    stage.stateArrays(), new NDList());
            NDArray images = h.batch(scope, 2, 4).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            VqTokenizer loaded = TokenizerFile.load(run, h.manager());
            assertEquals(16, loaded.vocabularySize());
            assertArrayEquals(stage.tokenizer().tokenize(images).toLongArray(),
                    loaded.tokenize(images).toLongArray());
        }
    }
}
