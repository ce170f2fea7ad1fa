package io.github.djlssl.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pipelines, multi-view generation, presets, determinism and memory hygiene. */
class MultiViewTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray bytes(int b, int c, int side, long seed) {
        byte[] data = new byte[b * c * side * side];
        Rng rng = Rng.of(seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) rng.nextInt(256);
        }
        return manager.create(ByteBuffer.wrap(data), new Shape(b, c, side, side), DataType.UINT8);
    }

    @Test
    void dinoMultiCropShapesAndGroups() {
        MultiView dino = AugmentationPresets.dino(32, 16, 6, 3);
        List<NDArray> views = dino.generate(bytes(4, 3, 32, 1), Rng.of(0));
        assertEquals(8, views.size());
        for (int i = 0; i < 8; i++) {
            int side = i < 2 ? 32 : 16;
            assertEquals(new Shape(4, 3, side, side), views.get(i).getShape(), "view " + i);
        }
        assertEquals(List.of(new ViewGroup(32, List.of(0, 1)),
                new ViewGroup(16, List.of(2, 3, 4, 5, 6, 7))), dino.groups());
        List<NDArray> grouped = dino.concatByGroup(views);
        assertEquals(new Shape(8, 3, 32, 32), grouped.get(0).getShape());
        assertEquals(new Shape(24, 3, 16, 16), grouped.get(1).getShape());
    }

    @Test
    void sameSeedSameViewsDifferentSeedsDiffer() {
        NDArray images = bytes(6, 3, 32, 2);
        MultiView simclr = AugmentationPresets.simclr(32, 3);
        List<NDArray> a = simclr.generate(images, Rng.of(42));
        List<NDArray> b = simclr.generate(images, Rng.of(42));
        List<NDArray> c = simclr.generate(images, Rng.of(43));
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), "view " + i);
            assertFalse(Arrays.equals(a.get(i).toFloatArray(), c.get(i).toFloatArray()));
        }
        assertFalse(Arrays.equals(a.get(0).toFloatArray(), a.get(1).toFloatArray()),
                "the two views are independent draws");
    }

    @Test
    void everyPresetRunsOnOneAndThreeChannelsAndStaysInRangeBeforeNormalisation() {
        for (int channels : new int[] {1, 3}) {
            NDArray images = bytes(3, channels, 28, 3);
            List<MultiView> presets = List.of(AugmentationPresets.simclr(28, channels),
                    AugmentationPresets.byol(28, channels),
                    AugmentationPresets.dino(28, 12, 2, channels),
                    AugmentationPresets.swav(28, 12, 2, channels),
                    AugmentationPresets.mae(28, channels), AugmentationPresets.simmim(28, channels));
            for (MultiView preset : presets) {
                for (NDArray view : preset.generate(images, Rng.of(5))) {
                    assertEquals(channels, view.getShape().get(1));
                    view.close();
                }
            }
        }
        // The SimCLR pipeline without its final Normalize keeps values in [0, 1].
        AugmentationPipeline full = (AugmentationPipeline) AugmentationPresets.byol(40, 3)
                .views().get(1).pipeline();
        List<BatchAugmentation> ops = full.ops();
        assertTrue(ops.get(ops.size() - 1) instanceof Normalize);
        assertTrue(ops.stream().anyMatch(op -> op instanceof Solarize), "BYOL view 2 solarises");
        assertTrue(ops.stream().anyMatch(op -> op instanceof GaussianBlur), "40 px keeps blur");
        BatchAugmentation unnormalised = AugmentationPipeline.of(
                ops.subList(0, ops.size() - 1).toArray(new BatchAugmentation[0]));
        NDArray floats = ToFloat.create().apply(bytes(16, 3, 40, 4), Rng.of(0));
        for (float v : unnormalised.apply(floats, Rng.of(7)).toFloatArray()) {
            assertTrue(v >= 0f && v <= 1f, "value " + v);
        }
    }

    @Test
    void smallPresetsDropBlurLargeOnesKeepIt() {
        assertFalse(hasBlur(AugmentationPresets.simclr(32, 3).views().get(0).pipeline()));
        assertTrue(hasBlur(AugmentationPresets.simclr(224, 3).views().get(0).pipeline()));
        assertTrue(hasBlur(AugmentationPresets.dino(224, 96, 6, 3).views().get(7).pipeline()));
    }

    private static boolean hasBlur(BatchAugmentation pipeline) {
        return ((AugmentationPipeline) pipeline).ops().stream()
                .anyMatch(op -> op instanceof GaussianBlur);
    }

    @Test
    void noArraysLeakAcrossCalls() {
        NDArray images = bytes(8, 3, 32, 6);
        MultiView dino = AugmentationPresets.dino(32, 16, 2, 3);
        Rng rng = Rng.of(9);
        dino.generate(images, rng).forEach(NDArray::close);
        int before = manager.getManagedArrays().size();
        for (int i = 0; i < 3; i++) {
            dino.generate(images, rng).forEach(NDArray::close);
            BatchAugmentation blur = new GaussianBlur(0.5, 0.1, 2, 3);
            blur.apply(ToFloat.create().apply(images, rng), rng).close();
        }
        // ToFloat's float copies above are attached to the manager: count them out.
        int leftover = manager.getManagedArrays().size() - before;
        assertEquals(3, leftover, "only the three ToFloat results of the loop remain");
    }

    @Test
    void viewSizeMismatchAndBadSpecsAreReported() {
        MultiView wrong = MultiView.of(new ViewSpec("v", 16, RandomResizedCrop.of(8)));
        assertThrows(IllegalStateException.class,
                () -> wrong.generate(bytes(2, 3, 16, 1), Rng.of(0)));
        assertThrows(IllegalArgumentException.class,
                () -> new ViewSpec(" ", 8, RandomResizedCrop.of(8)));
        assertThrows(IllegalArgumentException.class, () -> new MultiView(List.of()));
    }
}
