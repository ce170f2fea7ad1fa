package io.github.djlssl.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDScope;
import org.junit.jupiter.api.Test;

/** Memory stays flat over many steps, and optimiser state survives step scopes. */
class MemoryTest {

    @Test
    void managedArrayCountsStayFlatOver200Steps() {
        OptimizerConfig config =
                OptimizerConfig.adamw(1e-3, 0.05).withWarmupEpochs(5).withClipGradNorm(1.0);
        try (TinyTraining t = new TinyTraining(config, 200)) {
            for (int s = 0; s < 5; s++) {
                t.step(s);
            }
            int model = t.model.getNDManager().getManagedArrays().size();
            int trainer = t.trainer.getManager().getManagedArrays().size();
            int state = t.optimizer.stateBufferCount();
            int optimizer = t.optimizer.managedArrayCount(); // state + cached scalars
            assertEquals(2 * 6, state, "exp_avg + exp_avg_sq for 6 trainable parameters");
            for (int s = 5; s < 200; s++) {
                t.step(s);
            }
            assertEquals(model, t.model.getNDManager().getManagedArrays().size(), "model manager");
            assertEquals(
                    trainer, t.trainer.getManager().getManagedArrays().size(), "trainer manager");
            assertEquals(state, t.optimizer.stateBufferCount(), "optimizer state");
            assertEquals(optimizer, t.optimizer.managedArrayCount(), "optimizer manager");
            assertEquals(200, t.optimizer.step());
        }
    }

    @Test
    void firstStepInsideAnNdScopeKeepsTheState() {
        // DJL's built-in optimisers crash at step 2 here (research/djl.md §4): their lazily
        // created state is freed by the scope.
        try (TinyTraining t = new TinyTraining(OptimizerConfig.lars(0.1, 0.9, 1e-6), 10)) {
            for (int s = 0; s < 3; s++) {
                try (NDScope scope = new NDScope()) {
                    t.step(s);
                }
            }
            assertEquals(3, t.optimizer.step());
            assertEquals(6, t.optimizer.stateBufferCount());
            assertTrue(
                    Float.isFinite(
                            t.block.getParameters().get(0).getValue().getArray().sum().getFloat()));
        }
    }
}
