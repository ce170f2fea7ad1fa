package io.github.djlssl.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    /** Gradients [3, 4] and [12]: global norm 13. A frozen parameter is ignored. */
    private static List<Parameter> parameters(NDManager m) {
        Parameter a =
                Parameter.builder()
                        .setName("a")
                        .setType(Parameter.Type.WEIGHT)
                        .optArray(m.ones(new Shape(2)))
                        .build();
        Parameter b =
                Parameter.builder()
                        .setName("b")
                        .setType(Parameter.Type.WEIGHT)
                        .optArray(m.ones(new Shape(1)))
                        .build();
        Parameter frozen =
                Parameter.builder()
                        .setName("f")
                        .setType(Parameter.Type.WEIGHT)
                        .optArray(m.ones(new Shape(1)))
                        .optRequiresGrad(false)
                        .build();
        a.getArray().setRequiresGradient(true);
        b.getArray().setRequiresGradient(true);
        try (NDManager sub = m.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss =
                    a.getArray()
                            .mul(sub.create(new float[] {3, 4}))
                            .sum()
                            .add(b.getArray().mul(12).sum());
            gc.backward(loss);
        }
        return List.of(a, b, a, frozen); // a twice: shared parameters count once
    }

    private static float[] grad(Parameter p) {
        try (NDArray g = p.getArray().getGradient()) {
            return g.toFloatArray();
        }
    }

    @Test
    void scalesGradientsToTheMaxNormAndReturnsThePreClipNorm() {
        try (NDManager m = NDManager.newBaseManager();
                NDManager into = NDManager.newBaseManager()) {
            List<Parameter> params = parameters(m);
            int before = m.getManagedArrays().size();
            NDArray norm = GradientClipping.clipGlobalNorm(params, 6.5, into);
            assertEquals(13f, norm.getFloat(), 1e-5f);
            assertEquals(new Shape(), norm.getShape());
            float scale = (float) (6.5 / (13 + 1e-6));
            assertArrayEquals(new float[] {3 * scale, 4 * scale}, grad(params.get(0)), 1e-6f);
            assertArrayEquals(new float[] {12 * scale}, grad(params.get(1)), 1e-6f);
            assertEquals(before, m.getManagedArrays().size(), "no temporaries left behind");
            assertEquals(1, into.getManagedArrays().size());
            assertEquals(
                    6.5f, GradientClipping.clipGlobalNorm(params, 6.5, into).getFloat(), 1e-4f);
        }
    }

    @Test
    void gradientsBelowTheLimitAreUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Parameter> params = parameters(m);
            assertEquals(13f, GradientClipping.clipGlobalNorm(params, 100, m).getFloat(), 1e-5f);
            assertArrayEquals(new float[] {3, 4}, grad(params.get(0)), 0f);
            assertArrayEquals(new float[] {12}, grad(params.get(1)), 0f);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> GradientClipping.clipGlobalNorm(params, 0, m));
        }
    }
}
