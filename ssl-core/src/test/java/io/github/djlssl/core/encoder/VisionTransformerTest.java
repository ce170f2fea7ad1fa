package io.github.djlssl.core.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisionTransformerTest {

    /** D 32, depth 2, 2 heads, 16 px images in 4 px patches: 16 tokens. */
    static VitConfig toy() {
        return VitConfig.tiny(4).withImageSize(16).withWidth(32, 2).withDepth(2);
    }

    private static long trainableCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** Parameters of a timm ViT without head, written out layer by layer. */
    private static long formula(int c, int p, int d, int depth, int hidden, int positions) {
        long patchEmbed = (long) c * p * p * d + d;
        long block = 2L * d // norm1
                + (long) d * 3 * d + 3L * d // attn.qkv
                + (long) d * d + d // attn.proj
                + 2L * d // norm2
                + (long) d * hidden + hidden // mlp.fc1
                + (long) hidden * d + d; // mlp.fc2
        return patchEmbed + depth * block + 2L * d /* norm */ + d /* cls */ + (long) positions * d;
    }

    @Test
    void vitTinyPatch16ParameterCountMatchesTimm() {
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer learned = new VisionTransformer(
                    VitConfig.tiny(16).withPositionalEmbedding(PositionalEmbedding.LEARNED));
            learned.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            // timm vit_tiny_patch16_224: 5,717,416 − head (192·1000 + 1000) = 5,524,416
            assertEquals(5_524_416L, trainableCount(learned));
            assertEquals(formula(3, 16, 192, 12, 768, 197), trainableCount(learned));

            VisionTransformer fixed = new VisionTransformer(VitConfig.tiny(16));
            fixed.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            assertEquals(5_524_416L - 197 * 192, trainableCount(fixed));
            assertEquals("vit-tiny-p16", fixed.architecture());
        }
    }

    @Test
    void namesMapToTimmKeysInOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = new VisionTransformer(toy().withPositionalEmbedding(PositionalEmbedding.LEARNED));
            vit.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            List<String> expected = new ArrayList<>(List.of(
                    "cls_token", "pos_embed", "patch_embed.proj.weight", "patch_embed.proj.bias"));
            for (int i = 0; i < 2; i++) {
                for (String k : List.of("norm1.weight", "norm1.bias", "attn.qkv.weight", "attn.qkv.bias",
                        "attn.proj.weight", "attn.proj.bias", "norm2.weight", "norm2.bias",
                        "mlp.fc1.weight", "mlp.fc1.bias", "mlp.fc2.weight", "mlp.fc2.bias")) {
                    expected.add("blocks." + i + "." + k);
                }
            }
            expected.add("norm.weight");
            expected.add("norm.bias");
            assertEquals(expected, new ArrayList<>(vit.torchNames().values()));
            assertEquals("blocks.1.attn.qkv.weight",
                    vit.torchNames().get("02blocks_02TransformerBlock_02attn_01qkv_weight"));
            var params = vit.getParameters();
            assertEquals(new Shape(96, 32), params.get("02blocks_02TransformerBlock_02attn_01qkv_weight").getArray().getShape());
            assertEquals(new Shape(1, 17, 32), params.get("pos_embed").getArray().getShape());
            assertEquals(new Shape(1, 1, 32), params.get("cls_token").getArray().getShape());
            assertEquals(new Shape(32, 3, 4, 4), params.get("01patch_embed_01proj_weight").getArray().getShape());
        }
    }

    @Test
    void sinCosEmbeddingIsAConstantEqualToMaesTable() {
        // numpy: get_2d_sincos_pos_embed(8, 3, cls_token=True) rows 0, 1, 2 and 5 (MAE's code)
        float[] table = PositionalEmbedding.sinCos2d(8, 3, 1);
        assertEquals(10 * 8, table.length);
        float[][] expected = {
            {0, 0, 0, 0, 0, 0, 0, 0},
            {0, 0, 1, 1, 0, 0, 1, 1},
            {0.84147096f, 0.00999983f, 0.5403023f, 0.99995f, 0, 0, 1, 1},
            {0.84147096f, 0.00999983f, 0.5403023f, 0.99995f, 0.84147096f, 0.00999983f, 0.5403023f, 0.99995f},
        };
        int[] rows = {0, 1, 2, 5};
        for (int r = 0; r < rows.length; r++) {
            float[] row = new float[8];
            System.arraycopy(table, rows[r] * 8, row, 0, 8);
            assertArrayEquals(expected[r], row, 1e-6f, "row " + rows[r]);
        }
        // row 7 = patch (row 2, col 0): first half encodes column 0, second half row 2
        assertEquals(0.9092974f, table[7 * 8 + 4], 1e-6f);
        assertEquals(-0.41614684f, table[7 * 8 + 6], 1e-6f);

        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = new VisionTransformer(toy());
            vit.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            assertNull(vit.getParameters().get("pos_embed"), "fixed table must not be a parameter");
            NDArray fixed = vit.fixedPositionalEmbedding(m);
            assertEquals(new Shape(1, 17, 32), fixed.getShape());
            assertArrayEquals(PositionalEmbedding.sinCos2d(32, 4, 1), fixed.toFloatArray());
            VisionTransformer learned = new VisionTransformer(toy().withPositionalEmbedding(PositionalEmbedding.LEARNED));
            assertThrows(IllegalStateException.class, () -> learned.fixedPositionalEmbedding(m));
        }
    }

    @Test
    void initialisationFollowsMae() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = new VisionTransformer(VitConfig.tiny(16).withDepth(1).withImageSize(32));
            vit.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            var p = vit.getParameters();
            NDArray qkv = p.get("02blocks_01TransformerBlock_02attn_01qkv_weight").getArray(); // [576, 192]
            float bound = (float) Math.sqrt(6.0 / (192 + 576));
            assertTrue(qkv.abs().max().getFloat() <= bound);
            assertEquals(bound / Math.sqrt(3), Math.sqrt(qkv.square().mean().getFloat()), 0.02 * bound);
            NDArray patch = p.get("01patch_embed_01proj_weight").getArray(); // [192, 3, 16, 16] as [192, 768]
            float patchBound = (float) Math.sqrt(6.0 / (768 + 192));
            assertTrue(patch.abs().max().getFloat() <= patchBound);
            assertTrue(patch.abs().max().getFloat() > 0.95f * patchBound);
            assertEquals(0f, p.get("02blocks_01TransformerBlock_02attn_01qkv_bias").getArray().abs().sum().getFloat());
            assertEquals(0.02, Math.sqrt(p.get("cls_token").getArray().square().mean().getFloat()), 0.006);
            assertEquals(192f, p.get("03norm_gamma").getArray().sum().getFloat());
        }
    }

    @Test
    void configRejectsIndivisibleImagesAndBadHeads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VitConfig.tiny(16).withImageSize(30));
        assertTrue(e.getMessage().contains("imageSize 30 is not divisible by patchSize 16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> toy().withWidth(30, 4));
        assertThrows(IllegalArgumentException.class, () -> toy().withClassToken(false, VitConfig.Pooling.CLS));
        assertEquals("vit-d32-l2-h2-p4", toy().architecture());
    }

    @Test
    void forwardPoolsClsOrMeanOfNormalisedPatchTokens() {
        Engine.getInstance().setRandomSeed(2);
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray images = m.randomNormal(new Shape(3, 3, 16, 16));
            VisionTransformer vit = new VisionTransformer(toy());
            vit.initialize(m, DataType.FLOAT32, new Shape(3, 3, 16, 16));
            NDArray tokens = vit.forwardTokens(ps, images, null, false);
            assertEquals(new Shape(3, 17, 32), tokens.getShape());
            NDArray pooled = vit.features(ps, images, false);
            assertEquals(new Shape(3, 32), pooled.getShape());
            assertTrue(pooled.allClose(tokens.get(":, 0, :"), 1e-6, 1e-6, false));
            // final LayerNorm: every token has mean 0 and variance 1 over D (γ = 1, β = 0 at init)
            assertTrue(tokens.mean(new int[] {2}).abs().max().getFloat() < 1e-5f);

            VisionTransformer mean = new VisionTransformer(toy().withClassToken(false, VitConfig.Pooling.MEAN));
            mean.initialize(m, DataType.FLOAT32, new Shape(3, 3, 16, 16));
            assertEquals(0, mean.prefixTokens());
            NDArray meanTokens = mean.forwardTokens(ps, images, null, false);
            assertEquals(new Shape(3, 16, 32), meanTokens.getShape());
            assertTrue(mean.features(ps, images, false).allClose(meanTokens.mean(new int[] {1}), 1e-5, 1e-6, false));

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> vit.features(ps, m.zeros(new Shape(1, 3, 32, 32)), false));
            assertTrue(e.getMessage().contains("[B, 3, 16, 16]"), e.getMessage());
        }
    }

    @Test
    void freshCopyHasSameArchitecture() {
        VisionTransformer vit = new VisionTransformer(toy());
        VisionTransformer copy = vit.freshCopy();
        assertEquals(vit.config(), copy.config());
        assertFalse(copy.isInitialized());
        assertEquals(16, copy.numPatches());
        assertEquals(new Shape(3, 16, 16), copy.inputShape());
    }

    @Test
    void trainingStepReachesEveryTrainableParameter() {
        List<String> fixed = TrainingStepCheck.assertStepReachesEveryParameter(
                new VisionTransformer(toy()), new Shape(4, 3, 16, 16));
        assertEquals(2 + 1 + 2 * 12 + 2, fixed.size()); // patch w/b, cls, 2 blocks, norm
        List<String> learned = TrainingStepCheck.assertStepReachesEveryParameter(
                new VisionTransformer(toy().withPositionalEmbedding(PositionalEmbedding.LEARNED)),
                new Shape(4, 3, 16, 16));
        assertTrue(learned.contains("pos_embed"));
    }

    @Test
    void forwardLeaksNothingIntoTheModelManager() {
        TrainingStepCheck.assertForwardLeaksNothing(new VisionTransformer(toy()), new Shape(2, 3, 16, 16));
        TrainingStepCheck.assertForwardLeaksNothing(
                new VisionTransformer(toy().withPositionalEmbedding(PositionalEmbedding.LEARNED)),
                new Shape(2, 3, 16, 16));
    }

    @Test
    void evaluationForwardFreesIntermediates() {
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer vit = new VisionTransformer(toy());
            vit.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16));
            ParameterStore ps = new ParameterStore(m, false);
            try (NDManager batch = m.newSubManager()) {
                NDArray images = batch.randomNormal(new Shape(2, 3, 16, 16));
                vit.forward(ps, new NDList(images), false);
                // images, the pooled output, and one token tensor per stage (embed, blocks, norm)
                assertTrue(batch.getManagedArrays().size() <= 12,
                        "intermediates left in the caller's manager: " + batch.getManagedArrays().size());
            }
        }
    }
}
