package io.github.djlssl.core.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.djlssl.core.encoder.TorchNames;
import io.github.djlssl.core.encoder.TrainingStepCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionHeadTest {

    /** The layer types in order, e.g. "Linear BN ReLU Linear". */
    private static String layout(ProjectionHead head) {
        Block layers = head.getChildren().get(0).getValue();
        List<String> kinds = new ArrayList<>();
        for (Pair<String, Block> child : layers.getChildren()) {
            Block b = child.getValue();
            kinds.add(b instanceof Linear ? "Linear" : b instanceof BatchNorm ? "BN" : b instanceof LambdaBlock ? "ReLU" : "?");
        }
        return String.join(" ", kinds);
    }

    @Test
    void buildsThePaperLayouts() {
        assertEquals("Linear BN ReLU Linear", layout(ProjectionHead.builder().setOutputDim(128).build()));
        assertEquals("Linear ReLU Linear",
                layout(ProjectionHead.builder().setOutputDim(128).optBatchNorm(false).build()));
        assertEquals("Linear BN ReLU Linear BN ReLU Linear BN",
                layout(ProjectionHead.builder().setOutputDim(256).optNumLayers(3).optLastBatchNorm(true).build()));
        assertEquals("Linear", layout(ProjectionHead.builder().setOutputDim(10).optNumLayers(1).build()));
    }

    @Test
    void missingOutputDimIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProjectionHead.builder().optHiddenDim(64).build());
        assertEquals("Must set outputDim", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ProjectionHead.builder().setOutputDim(8).optNumLayers(0).build());
    }

    @Test
    void mapsFeaturesToOutputDimWithLightlyStyleNames() {
        Engine.getInstance().setRandomSeed(4);
        try (NDManager m = NDManager.newBaseManager()) {
            ProjectionHead head = ProjectionHead.builder().setOutputDim(16).optHiddenDim(32).build();
            head.initialize(m, DataType.FLOAT32, new Shape(4, 64));
            NDArray out = head.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(4, 64))), true)
                    .singletonOrThrow();
            assertEquals(new Shape(4, 16), out.getShape());
            assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
                            "layers.1.running_mean", "layers.1.running_var", "layers.3.weight", "layers.3.bias"),
                    new ArrayList<>(TorchNames.of(head).values()));
            // PyTorch's Linear default U(±1/√fan_in), zero bias
            NDArray w = head.getParameters().get("01layers_01Linear_weight").getArray();
            float bound = (float) (1 / Math.sqrt(64));
            assertTrue(w.abs().max().getFloat() <= bound);
            assertTrue(w.abs().max().getFloat() > 0.95f * bound);
            assertEquals(0f, head.getParameters().get("01layers_01Linear_bias").getArray().abs().sum().getFloat());
        }
    }

    @Test
    void mocoV3LastBatchNormHasNoTrainableAffine() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProjectionHead head = ProjectionHead.builder().setOutputDim(8).optHiddenDim(16).optNumLayers(3)
                    .optHiddenBias(false).optLastBias(false).optLastBatchNorm(true).optLastBatchNormAffine(false)
                    .build();
            head.initialize(m, DataType.FLOAT32, new Shape(4, 12));
            var params = head.getParameters();
            assertFalse(params.get("01layers_08BatchNorm_gamma").requiresGradient());
            assertFalse(params.get("01layers_08BatchNorm_beta").requiresGradient());
            assertTrue(params.get("01layers_02BatchNorm_gamma").requiresGradient());
            assertFalse(params.keys().contains("01layers_01Linear_bias"));
            // output of an affine-free BN in training mode: zero mean, unit variance per feature
            NDArray out = head.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(4, 12))), true)
                    .singletonOrThrow();
            assertTrue(out.mean(new int[] {0}).abs().max().getFloat() < 1e-5f);
        }
    }

    @Test
    void predictionPresetsMatchThePapers() {
        ProjectionHead byol = PredictionHead.byol(256).build();
        assertEquals(4096, byol.hiddenDim());
        assertEquals(256, byol.outputDim());
        assertEquals("Linear BN ReLU Linear", layout(byol));
        ProjectionHead simsiam = PredictionHead.simSiam(2048).build();
        assertEquals(512, simsiam.hiddenDim());
        assertFalse(PredictionHead.mocoV3(256).build().lastBatchNorm());
        assertThrows(IllegalArgumentException.class, () -> PredictionHead.builder().build());
    }

    @Test
    void trainingStepReachesEveryTrainableParameter() {
        List<String> checked = TrainingStepCheck.assertStepReachesEveryParameter(
                ProjectionHead.builder().setOutputDim(8).optHiddenDim(16).optNumLayers(3).optLastBatchNorm(true)
                        .optLastBatchNormAffine(false).build(),
                new Shape(6, 12));
        assertEquals(3 * 2 + 2 * 2, checked.size()); // 3 Linear (w, b) + 2 hidden BN (γ, β)
        TrainingStepCheck.assertForwardLeaksNothing(
                ProjectionHead.builder().setOutputDim(8).optHiddenDim(16).build(), new Shape(6, 12));
    }
}
