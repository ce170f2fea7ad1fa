package io.github.djlssl.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FineTuneConfigTest {

    private static final FineTuneConfig D = FineTuneConfig.defaults();

    @Test
    void defaultsAreTheScaledMaeRecipe() {
        assertEquals(5, D.epochs());
        assertEquals(64, D.batchSize());
        assertEquals(5e-3 * 64 / 256, D.learningRate(), 1e-15);
        assertEquals(0.75, D.layerDecay());
        assertEquals(0.05, D.weightDecay());
        assertEquals(0.1, D.labelSmoothing());
        assertEquals(0.08, D.minCropScale());
        assertEquals(0.5, D.flipProbability());
        assertEquals(0, D.maxTrain());
        assertEquals(1e-2, D.withBatchSize(512).learningRate(), 1e-15, "lr = blr * B / 256");
    }

    @Test
    void withersChangeOneField() {
        FineTuneConfig c = D.withEpochs(2).withMaxTrain(1000).withSeed(7).withLayerDecay(1).withAugmentation(1, 0);
        assertEquals(2, c.epochs());
        assertEquals(1000, c.maxTrain());
        assertEquals(7, c.seed());
        assertEquals(1.0, c.layerDecay());
        assertEquals(1.0, c.minCropScale());
        assertEquals(0.0, c.flipProbability());
        assertEquals(D.baseLearningRate(), c.baseLearningRate());
        assertEquals(0.0, D.withLabelSmoothing(0).labelSmoothing());
        assertEquals(0.0, D.withWeightDecay(0).weightDecay());
        assertEquals(5e-4, D.withBaseLearningRate(5e-4).baseLearningRate());
    }

    @Test
    void validationNamesTheFieldAndValue() {
        expect("epochs must be > 0, got 0", () -> D.withEpochs(0));
        expect("batchSize must be >= 2, got 1", () -> D.withBatchSize(1));
        expect("baseLearningRate", () -> D.withBaseLearningRate(0));
        expect("baseLearningRate", () -> D.withBaseLearningRate(Double.NaN));
        expect("layerDecay must be in (0, 1], got 1.5", () -> D.withLayerDecay(1.5));
        expect("weightDecay", () -> D.withWeightDecay(-1));
        expect("labelSmoothing must be in [0, 1), got 1.0", () -> D.withLabelSmoothing(1));
        expect("minCropScale", () -> D.withAugmentation(0, 0.5));
        expect("flipProbability", () -> D.withAugmentation(0.5, 2));
        expect("maxTrain must be >= 0", () -> D.withMaxTrain(-5));
        expect("warmupFraction", () -> new FineTuneConfig(1, 2, 1e-3, 1, 0, 1.0, 0, 0, 1, 0, 0, 0));
        expect("minLearningRate", () -> new FineTuneConfig(1, 2, 1e-3, 1, 0, 0, -1, 0, 1, 0, 0, 0));
    }

    private static void expect(String fragment, Supplier<FineTuneConfig> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
