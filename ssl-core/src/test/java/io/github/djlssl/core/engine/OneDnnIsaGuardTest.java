package io.github.djlssl.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OneDnnIsaGuardTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void capsAtSse41OnX86LinuxWithoutCacheInformation() {
        OneDnnIsaGuard.Decision d = OneDnnIsaGuard.decide(null, NO_ENV, "Linux", "amd64", false);
        assertEquals("SSE41", d.isa());
        assertTrue(d.capped());
        assertTrue(d.reason().contains("no cache sizes"), d.reason());
    }

    @Test
    void leavesOneDnnAloneWhenTheCpuReportsItsCaches() {
        assertFalse(OneDnnIsaGuard.decide(null, NO_ENV, "Linux", "amd64", true).capped());
        assertFalse(OneDnnIsaGuard.decide("auto", NO_ENV, "Linux", "x86_64", true).capped());
    }

    @Test
    void leavesOtherPlatformsAlone() {
        assertFalse(OneDnnIsaGuard.decide(null, NO_ENV, "Linux", "aarch64", false).capped());
        assertFalse(OneDnnIsaGuard.decide(null, NO_ENV, "Mac OS X", "x86_64", false).capped());
    }

    @Test
    void theUsersEnvironmentWins() {
        OneDnnIsaGuard.Decision d =
                OneDnnIsaGuard.decide("AVX2", Map.of("ONEDNN_MAX_CPU_ISA", "AVX512_CORE"), "Linux", "amd64", false);
        assertNull(d.isa());
        assertTrue(d.reason().contains("ONEDNN_MAX_CPU_ISA=AVX512_CORE"), d.reason());
        assertNull(OneDnnIsaGuard.decide(null, Map.of("DNNL_MAX_CPU_ISA", "ALL"), "Linux", "amd64", false).isa());
    }

    @Test
    void thePropertyForcesOrDisablesTheCap() {
        assertNull(OneDnnIsaGuard.decide("none", NO_ENV, "Linux", "amd64", false).isa());
        assertEquals("AVX512_CORE", OneDnnIsaGuard.decide("avx512_core", NO_ENV, "Linux", "amd64", true).isa());
        assertEquals("SSE41", OneDnnIsaGuard.decide(" ", NO_ENV, "Linux", "amd64", false).isa());
    }

    @Test
    void applyDecidesOnceAndMatchesThisMachine() {
        OneDnnIsaGuard.Decision first = OneDnnIsaGuard.apply();
        assertEquals(first, OneDnnIsaGuard.apply());
        OneDnnIsaGuard.Decision expected =
                OneDnnIsaGuard.decide(
                        System.getProperty(OneDnnIsaGuard.PROPERTY),
                        System.getenv(),
                        System.getProperty("os.name"),
                        System.getProperty("os.arch"),
                        java.nio.file.Files.isDirectory(OneDnnIsaGuard.CACHE_INFO));
        assertEquals(expected.isa(), first.isa());
    }

    /**
     * The failure the guard exists for. On a CPU that reports no cache sizes, oneDNN's AVX-512 and
     * AVX2 kernels got these convolutions' input gradients 72–89 % wrong (and sometimes NaN); a
     * float64 convolution (which PyTorch does not send to oneDNN) is the reference. After the
     * guard, every output and gradient must match it. On other machines this checks that oneDNN is
     * right for the shapes our ResNets use.
     */
    @Test
    void convolutionsMatchAFloat64ReferenceAfterTheGuard() {
        OneDnnIsaGuard.apply();
        int[][] shapes = { // batch, in channels, out channels, image side, kernel, stride, padding
            {32, 4, 4, 64, 3, 1, 1}, {32, 3, 4, 64, 3, 1, 1}, {256, 1, 8, 28, 3, 1, 1}, {256, 8, 8, 28, 3, 1, 1},
            {256, 8, 16, 28, 3, 2, 1}, {64, 1, 16, 28, 4, 4, 0}};
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(11);
            for (int[] c : shapes) {
                int out = (c[3] + 2 * c[6] - c[4]) / c[5] + 1;
                NDArray x = manager.randomNormal(new Shape(c[0], c[1], c[3], c[3]));
                NDArray w = manager.randomNormal(new Shape(c[2], c[1], c[4], c[4])).mul(0.3);
                NDArray upstream = manager.randomNormal(new Shape(c[0], c[2], out, out));
                NDArray[] single = convolve(x, w, upstream, DataType.FLOAT32, c[5], c[6]);
                NDArray[] reference = convolve(x, w, upstream, DataType.FLOAT64, c[5], c[6]);
                String[] names = {"output", "input gradient", "weight gradient"};
                for (int i = 0; i < 3; i++) {
                    double error = single[i].sub(reference[i]).abs().max().getDouble()
                            / reference[i].abs().max().getDouble();
                    assertTrue(error < 1e-4, names[i] + " of " + java.util.Arrays.toString(c)
                            + " is off by " + error + " relative to float64");
                }
            }
        }
    }

    /** {@code y = conv(x, w)}, {@code L = sum(y * upstream)}: returns y, dL/dx, dL/dw in float64. */
    private static NDArray[] convolve(NDArray x0, NDArray w0, NDArray upstream, DataType type, int stride, int pad) {
        NDArray x = x0.toType(type, true);
        NDArray w = w0.toType(type, true);
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
            y = Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
                    .singletonOrThrow();
            collector.backward(y.mul(upstream.toType(type, false)).sum());
        }
        return new NDArray[] {
            y.stopGradient().toType(DataType.FLOAT64, true),
            x.getGradient().toType(DataType.FLOAT64, true),
            w.getGradient().toType(DataType.FLOAT64, true)
        };
    }
}
