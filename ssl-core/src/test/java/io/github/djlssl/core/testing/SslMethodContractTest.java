package io.github.djlssl.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.djlssl.core.config.RecordBinder;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.SslMethods;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.optim.ParameterGroups;
import io.github.djlssl.core.train.Checkpoints;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every method must meet, published in ssl-core's test-jar. A method's test extends
 * it and supplies its provider and a tiny config; the checks are:
 *
 * <ul>
 *   <li>forward + backward on a tiny batch gives a finite scalar loss;
 *   <li>gradients reach every trainable parameter and no teacher (non-trainable checkpointed)
 *       parameter;
 *   <li>the same seed gives the same loss;
 *   <li>a checkpoint round trip into a differently initialised method gives the same loss;
 *   <li>the provider is registered, and bad settings are rejected with a message.
 * </ul>
 *
 * @param <C> the method's config record
 */
public abstract class SslMethodContractTest<C extends Record> {

    /**
     * Returns the provider under test.
     *
     * @return the provider
     */
    protected abstract SslMethodProvider<C> provider();

    /**
     * Returns a config small enough for a CPU unit test.
     *
     * @return the config
     */
    protected abstract C tinyConfig();

    /**
     * Returns settings, each of which the config must reject.
     *
     * @return key → bad value
     */
    protected abstract Map<String, String> invalidSettings();

    /**
     * Returns a tiny encoder: by default a ResNet-18 of width 4 on 1×16×16 images.
     *
     * @return an uninitialised encoder
     */
    protected Encoder tinyEncoder() {
        return EncoderSpec.of("resnet18", 16, 1).withWidth(4).build();
    }

    /**
     * Returns the test batch size.
     *
     * @return 8 by default
     */
    protected int batchSize() {
        return 8;
    }

    /**
     * Returns whether a trainable parameter may legitimately receive no gradient at step 0 (e.g. a
     * layer the method freezes during the first epoch).
     *
     * @param name the parameter's name in {@code trainable().getParameters()}
     * @return true to exempt it
     */
    protected boolean mayLackGradientAtStepZero(String name) {
        return false;
    }

    /**
     * Creates a harness for the tiny config.
     *
     * @param seed engine and run seed
     * @return the harness
     */
    protected MethodHarness<C> harness(long seed) {
        return new MethodHarness<>(provider(), tinyConfig(), this::tinyEncoder, seed);
    }

    @Test
    void forwardBackwardGivesFiniteScalarLoss() {
        try (MethodHarness<C> h = harness(1);
                NDManager scope = h.manager().newSubManager()) {
            NDArray images = h.batch(scope, batchSize(), 3);
            LossOutput out = h.forwardBackward(scope, images, h.step(scope, 0, 10));
            assertEquals(0, out.loss().getShape().dimension(), "loss must be a scalar");
            assertTrue(Float.isFinite(out.loss().getFloat()), "loss " + out.loss().getFloat());
            for (Map.Entry<String, NDArray> m : out.metrics().entrySet()) {
                assertTrue(Float.isFinite(m.getValue().getFloat()), "metric " + m.getKey());
            }
        }
    }

    @Test
    void parameterGroupsCoverExactlyTheTrainableParameters() {
        try (MethodHarness<C> h = harness(1)) {
            SslMethod m = h.method();
            Set<String> groupIds = new HashSet<>();
            for (ParameterGroups.Member member : m.parameterGroups().members()) {
                groupIds.add(member.parameter().getId());
                assertTrue(member.lrScale() >= 0, member.name());
            }
            Set<String> trainableIds = new HashSet<>();
            for (Pair<String, Parameter> p : m.trainable().getParameters()) {
                trainableIds.add(p.getValue().getId());
            }
            // The trainer builds its optimiser from these groups: a parameter missing here would
            // fail at the first update, one from elsewhere (a teacher) would be trained.
            assertEquals(trainableIds, groupIds);
        }
    }

    @Test
    void gradientsReachEveryTrainableParameterAndNoTeacher() {
        try (MethodHarness<C> h = harness(1);
                NDManager scope = h.manager().newSubManager()) {
            NDArray images = h.batch(scope, batchSize(), 3);
            h.forwardBackward(scope, images, h.step(scope, 0, 10));
            SslMethod m = h.method();
            Set<String> trainableIds = new HashSet<>();
            for (Pair<String, Parameter> p : m.trainable().getParameters()) {
                Parameter param = p.getValue();
                trainableIds.add(param.getId());
                if (!param.requiresGradient() || mayLackGradientAtStepZero(p.getKey())) {
                    continue;
                }
                NDArray g = param.getArray().getGradient();
                float norm = g.abs().sum().getFloat();
                assertTrue(norm > 0, "no gradient reached trainable parameter " + p.getKey());
            }
            for (Map.Entry<String, Block> b : m.checkpointBlocks().entrySet()) {
                for (Pair<String, Parameter> p : b.getValue().getParameters()) {
                    Parameter param = p.getValue();
                    if (trainableIds.contains(param.getId())) {
                        continue;
                    }
                    assertFalse(
                            param.requiresGradient(),
                            "teacher parameter " + b.getKey() + "/" + p.getKey() + " must be frozen");
                }
            }
        }
    }

    @Test
    void sameSeedSameLoss() {
        float a;
        float b;
        try (MethodHarness<C> h = harness(5);
                NDManager scope = h.manager().newSubManager()) {
            a = h.lossAt(h.batch(scope, batchSize(), 3), 0);
        }
        try (MethodHarness<C> h = harness(5);
                NDManager scope = h.manager().newSubManager()) {
            b = h.lossAt(h.batch(scope, batchSize(), 3), 0);
        }
        assertEquals(a, b, 0f, "same seed must give the same loss");
    }

    @Test
    void checkpointRoundTripGivesSameLoss(@TempDir Path dir) throws Exception {
        Checkpoints ckpts = new Checkpoints(dir);
        float saved;
        try (MethodHarness<C> h = harness(11);
                NDManager scope = h.manager().newSubManager()) {
            NDArray images = h.batch(scope, batchSize(), 3);
            // One step of the method's own state updates, so teachers/queues differ from init.
            TrainingStep ts = h.step(scope, 0, 10);
            h.forwardBackward(scope, images, ts);
            h.method().afterStep(ts);
            saved = h.lossAt(images, 1);
            ckpts.save(
                    new Checkpoints.Position(1, 1, 11, h.method().id()),
                    h.method().checkpointBlocks(),
                    h.method().stateArrays(),
                    new NDList());
        }
        try (MethodHarness<C> h = harness(12);
                NDManager scope = h.manager().newSubManager()) {
            NDArray images = h.batch(scope, batchSize(), 3);
            float before = h.lossAt(images, 1);
            assertNotEquals(saved, before, "a different seed should start elsewhere");
            assertTrue(
                    ckpts.restoreLatest(
                                    h.manager(),
                                    h.method().checkpointBlocks(),
                                    h.method().stateArrays(),
                                    opt -> {})
                            .isPresent());
            assertEquals(saved, h.lossAt(images, 1), 1e-5f, "restored method must give the saved loss");
        }
    }

    @Test
    void providerIsRegisteredAndDescribesItsDefaults() {
        assertTrue(SslMethods.find(provider().id()).isPresent(), provider().id() + " not in META-INF/services");
        assertFalse(RecordBinder.describe(provider().defaultConfig()).isEmpty());
        assertEquals(provider().configType(), provider().defaultConfig().getClass());
    }

    @Test
    void badSettingsAreRejectedWithAMessage() {
        assertFalse(invalidSettings().isEmpty(), "declare at least one invalid setting");
        invalidSettings()
                .forEach(
                        (k, v) -> {
                            IllegalArgumentException e =
                                    assertThrows(
                                            IllegalArgumentException.class,
                                            () -> RecordBinder.bind(provider().defaultConfig(), Map.of(k, v)),
                                            k + "=" + v + " should be rejected");
                            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                        });
    }
}
