package io.github.djlssl.core.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The masked ViT forward. With attention, a forward on a subset of tokens is not the full forward
 * restricted to them (the dropped tokens no longer attend); what must hold is that it equals the
 * transformer run on the explicitly gathered sequence, that keeping every patch in order is the
 * unmasked forward, that permuting the kept indices permutes the output tokens, and that samples
 * do not mix.
 */
class VitMaskedForwardTest {

    private static final int B = 2;
    private static final int L = 16;
    private static final int D = 32;

    private NDManager manager;
    private ParameterStore ps;
    private VisionTransformer vit;
    private NDArray images;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager();
        ps = new ParameterStore(manager, false);
        vit = new VisionTransformer(VisionTransformerTest.toy());
        vit.initialize(manager, DataType.FLOAT32, new Shape(B, 3, 16, 16));
        images = manager.randomNormal(new Shape(B, 3, 16, 16));
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NDArray indices(long[][] keep) {
        long[] flat = new long[keep.length * keep[0].length];
        for (int b = 0; b < keep.length; b++) {
            System.arraycopy(keep[b], 0, flat, b * keep[0].length, keep[0].length);
        }
        return manager.create(flat, new Shape(keep.length, keep[0].length));
    }

    @Test
    void keepingEveryPatchInOrderIsTheUnmaskedForward() {
        long[][] all = new long[B][L];
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < L; i++) {
                all[b][i] = i;
            }
        }
        NDArray full = vit.forwardTokens(ps, images, null, false);
        NDArray kept = vit.forwardTokens(ps, images, indices(all), false);
        assertEquals(new Shape(B, 1 + L, D), kept.getShape());
        assertTrue(full.allClose(kept, 0, 1e-6, false), "max |Δ| " + full.sub(kept).abs().max().getFloat());
    }

    @Test
    void maskedForwardEqualsTransformerOnExplicitlyGatheredTokens() {
        long[][] keep = {{3, 0, 9, 15}, {12, 5, 6, 1}};
        NDArray out = vit.forwardTokens(ps, images, indices(keep), false);
        assertEquals(new Shape(B, 1 + 4, D), out.getShape());

        // gather by hand, in Java, from the embedded tokens
        float[] tokens = vit.patchEmbed(ps, images, false).toFloatArray(); // [B, L, D]
        float[] gathered = new float[B * 4 * D];
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < 4; k++) {
                System.arraycopy(tokens, (int) ((b * L + keep[b][k]) * D), gathered, (b * 4 + k) * D, D);
            }
        }
        NDArray expected = vit.forwardSequence(ps, manager.create(gathered, new Shape(B, 4, D)), false);
        assertTrue(out.allClose(expected, 1e-5, 1e-6, false), "max |Δ| " + out.sub(expected).abs().max().getFloat());
        // and it is NOT the full forward restricted to the kept tokens: the others attended there
        NDArray full = vit.forwardTokens(ps, images, null, false);
        float restrictedDiff = full.get("0, 4, :").sub(out.get("0, 1, :")).abs().max().getFloat();
        assertTrue(restrictedDiff > 1e-3f, "dropping tokens must change attention, diff " + restrictedDiff);
    }

    @Test
    void permutingKeptIndicesPermutesOutputTokens() {
        long[][] keep = {{3, 0, 9, 15, 7}, {12, 5, 6, 1, 2}};
        int[] perm = {4, 2, 0, 1, 3};
        long[][] permuted = new long[B][5];
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < 5; k++) {
                permuted[b][k] = keep[b][perm[k]];
            }
        }
        NDArray out = vit.forwardTokens(ps, images, indices(keep), false);
        NDArray outPermuted = vit.forwardTokens(ps, images, indices(permuted), false);
        assertTrue(out.get(":, 0, :").allClose(outPermuted.get(":, 0, :"), 1e-5, 1e-5, false), "CLS is invariant");
        for (int k = 0; k < 5; k++) {
            NDArray a = outPermuted.get(":, {}, :", 1 + k);
            NDArray b = out.get(":, {}, :", 1 + perm[k]);
            assertTrue(a.allClose(b, 1e-5, 1e-5, false), "token " + k);
        }
    }

    @Test
    void samplesInABatchDoNotMix() {
        long[][] keep = {{3, 0, 9}, {12, 5, 6}};
        NDArray batch = vit.forwardTokens(ps, images, indices(keep), false);
        for (int b = 0; b < B; b++) {
            NDArray single = vit.forwardTokens(
                    ps, images.get("{}:{}", b, b + 1), indices(new long[][] {keep[b]}), false);
            assertTrue(batch.get("{}:{}", b, b + 1).allClose(single, 1e-5, 1e-6, false), "sample " + b);
        }
    }

    @Test
    void int32IndicesAreAccepted() {
        long[][] keep = {{3, 0, 9}, {12, 5, 6}};
        NDArray asLong = vit.forwardTokens(ps, images, indices(keep), false);
        NDArray asInt = vit.forwardTokens(ps, images, indices(keep).toType(DataType.INT32, false), false);
        assertTrue(asLong.allClose(asInt, 0, 0, false));
    }
}
