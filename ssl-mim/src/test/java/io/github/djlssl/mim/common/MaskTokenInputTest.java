package io.github.djlssl.mim.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.encoder.PositionalEmbedding;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.encoder.VitConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link MaskTokenInput}: kept rows are the ViT's patch embedding, masked rows token + position. */
class MaskTokenInputTest {

    @ParameterizedTest
    @EnumSource(value = PositionalEmbedding.class, names = {"SINCOS_2D", "LEARNED"})
    void replacesMaskedPatchesBeforePositionsAreAdded(PositionalEmbedding positions) {
        try (NDManager manager = NDManager.newBaseManager()) {
            VisionTransformer vit = VisionTransformer.of(VitConfig.tiny(4).withImageSize(8).withWidth(8, 2)
                    .withDepth(1).withInputChannels(1).withPositionalEmbedding(positions));
            vit.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            MaskTokenInput input = new MaskTokenInput(vit);
            input.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray images = manager.randomNormal(new Shape(2, 1, 8, 8));
            // 2 × 2 grid; image 0 masks patches 0 and 3, image 1 masks nothing.
            NDArray mask = manager.create(new float[] {1, 0, 0, 1, 0, 0, 0, 0}, new Shape(2, 4));

            float[] out = input.embed(ps, images, mask, false).toFloatArray();
            float[] kept = vit.patchEmbed(ps, images, false).toFloatArray();
            // patchEmbed(0) = conv bias + positions, so positions = patchEmbed(0) − bias.
            NDArray zeroTokens = vit.patchEmbed(ps, manager.zeros(new Shape(1, 1, 8, 8)), false);
            float[] pos = zeroTokens.sub(patchBias(vit)).toFloatArray();
            float[] token = input.getParameters().get("mask_token").getArray().toFloatArray();

            for (int b = 0; b < 2; b++) {
                for (int l = 0; l < 4; l++) {
                    boolean masked = b == 0 && (l == 0 || l == 3);
                    for (int d = 0; d < 8; d++) {
                        int i = (b * 4 + l) * 8 + d;
                        float expected = masked ? token[d] + pos[l * 8 + d] : kept[i];
                        assertEquals(expected, out[i], 1e-5, "b=" + b + " l=" + l + " d=" + d);
                    }
                }
            }
            assertArrayEquals(new long[] {2, 4, 8}, input.embed(ps, images, mask, false).getShape().getShape());
        }
    }

    @Test
    void doesNotLeakArraysAcrossCalls() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VisionTransformer vit = VisionTransformer.of(VitConfig.tiny(4).withImageSize(8).withWidth(8, 2)
                    .withDepth(1).withInputChannels(1));
            vit.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            MaskTokenInput input = new MaskTokenInput(vit);
            input.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray images = manager.randomNormal(new Shape(2, 1, 8, 8));
            NDArray mask = manager.ones(new Shape(2, 4));
            input.embed(ps, images, mask, false).close();
            int before = manager.getManagedArrays().size();
            input.embed(ps, images, mask, false).close();
            assertEquals(before, manager.getManagedArrays().size());
        }
    }

    @Test
    void requireVitNamesMethodAndEncoder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskTokenInput.requireVit(EncoderSpec.of("resnet18", 16, 1).withWidth(4).build(), "BEiT"));
        assertTrue(e.getMessage().startsWith("BEiT masks patch tokens") && e.getMessage().contains("resnet18"),
                e.getMessage());
    }

    private static NDArray patchBias(VisionTransformer vit) {
        for (Pair<String, Parameter> p : vit.getParameters()) {
            if (p.getKey().contains("patch_embed") && p.getKey().endsWith("bias")) {
                return p.getValue().getArray();
            }
        }
        throw new AssertionError("no patch_embed bias in " + vit.getParameters().keys());
    }
}
