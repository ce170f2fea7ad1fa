package io.github.djlssl.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Resuming from a saved optimiser state continues bit-identically: run A trains 6 steps; run B
 * restores the weights and optimiser state saved after step 3 (through safetensors) into a fresh
 * model and a new optimiser and trains steps 4-6.
 */
class CheckpointRoundTripTest {

    static Stream<OptimizerConfig> configs() {
        return Stream.of(
                OptimizerConfig.sgd(0.1, 0.9, 1e-4).withWarmupEpochs(1).withNesterov(true),
                OptimizerConfig.adamw(1e-2, 0.04, 0.9, 0.95)
                        .withWarmupEpochs(1)
                        .withFinalWeightDecay(0.4)
                        .withClipGradNorm(0.5),
                OptimizerConfig.lars(0.5, 0.9, 1.5e-6).withWarmupEpochs(1).withFinalLr(1e-3));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void resumeIsExact(OptimizerConfig config) throws IOException {
        try (NDManager saved = NDManager.newBaseManager()) {
            NDList weightsAfter3;
            byte[] optimizerState;
            NDList resultA;
            try (TinyTraining a = new TinyTraining(config, 12)) {
                for (int s = 0; s < 3; s++) {
                    a.step(s);
                }
                weightsAfter3 = a.snapshot(saved);
                NDList state = a.optimizer.stateDict(saved);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                state.encode(bytes, NDList.Encoding.SAFETENSORS);
                optimizerState = bytes.toByteArray();
                state.close();
                for (int s = 3; s < 6; s++) {
                    a.step(s);
                }
                assertEquals(6, a.optimizer.step());
                resultA = a.snapshot(saved);
            }
            try (TinyTraining b = new TinyTraining(config, 12)) {
                b.restore(weightsAfter3);
                NDList state = NDList.decode(saved, optimizerState);
                b.optimizer.loadStateDict(state);
                assertEquals(3, b.optimizer.step());
                for (int s = 3; s < 6; s++) {
                    b.step(s);
                }
                NDList resultB = b.snapshot(saved);
                for (NDArray expected : resultA) {
                    assertArrayEquals(
                            expected.toFloatArray(),
                            resultB.get(expected.getName()).toFloatArray(),
                            expected.getName());
                }
                // training did move the weights after the resume
                assertFalse(
                        java.util.Arrays.equals(
                                weightsAfter3.get(0).toFloatArray(),
                                resultB.get(0).toFloatArray()));
            }
        }
    }

    @Test
    void stateDictNamesAndInvalidDictsAreRejectedWithoutChangingState() {
        try (NDManager m = NDManager.newBaseManager();
                TinyTraining t = new TinyTraining(OptimizerConfig.adamw(1e-3, 0.05), 10)) {
            t.step(0);
            t.step(1);
            NDList state = t.optimizer.stateDict(m);
            String weight = t.block.getParameters().get(0).getKey(); // 01Linear_weight
            assertEquals(2L, state.get(ScheduledOptimizer.GLOBAL_STEP).getLong());
            assertEquals(2L, state.get(weight + ".step").getLong());
            assertTrue(state.contains(weight + ".exp_avg"));
            assertTrue(state.contains(weight + ".exp_avg_sq"));
            assertFalse(
                    state.contains("02BatchNorm_runningMean.step"), "running stats have no state");

            NDList missing =
                    new NDList(
                            state.stream()
                                    .filter(a -> !a.getName().equals(weight + ".exp_avg_sq"))
                                    .toList());
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> t.optimizer.loadStateDict(missing));
            assertTrue(e.getMessage().contains(weight + ".exp_avg_sq"), e.getMessage());

            NDList wrongShape =
                    new NDList(
                            state.stream()
                                    .map(
                                            a -> {
                                                if (!a.getName().equals(weight + ".exp_avg")) {
                                                    return a;
                                                }
                                                NDArray bad = m.zeros(new Shape(1, 2));
                                                bad.setName(a.getName());
                                                return bad;
                                            })
                                    .toList());
            e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> t.optimizer.loadStateDict(wrongShape));
            assertTrue(e.getMessage().contains("shape"), e.getMessage());

            NDList unknown = new NDList(state);
            NDArray extra = m.zeros(new Shape(2));
            extra.setName("no_such_param.exp_avg");
            unknown.add(extra);
            e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> t.optimizer.loadStateDict(unknown));
            assertTrue(e.getMessage().contains("no_such_param.exp_avg"), e.getMessage());

            NDList noStep =
                    new NDList(
                            state.stream()
                                    .filter(
                                            a ->
                                                    !a.getName()
                                                            .equals(ScheduledOptimizer.GLOBAL_STEP))
                                    .toList());
            e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> t.optimizer.loadStateDict(noStep));
            assertTrue(e.getMessage().contains(ScheduledOptimizer.GLOBAL_STEP), e.getMessage());

            assertEquals(2, t.optimizer.step());
            t.optimizer.setStep(7);
            assertEquals(7, t.optimizer.step());
            t.optimizer.loadStateDict(state); // valid: restores the step
            assertEquals(2, t.optimizer.step());
        }
    }
}
