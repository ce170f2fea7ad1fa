package io.github.djlssl.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.data.SyntheticImageSource;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.optim.OptimizerConfig;
import io.github.djlssl.core.teacher.EmaTeacher;
import io.github.djlssl.core.teacher.MomentumSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's {@link StepObserver} sees every step once, with a data wait inside the iteration;
 * and a BYOL-shaped method (EMA teacher updated in place after every step) keeps arrays and
 * resident memory flat — the CI-sized version of {@code djl-ssl bench --soak} for EMA methods.
 */
class TrainerObserverAndEmaMemoryTest {

    @Test
    void observerSeesEveryStepAndEmaTeacherLeaksNothing(@TempDir Path dir) throws Exception {
        Engine.getInstance().setRandomSeed(3);
        TrainerConfig config =
                new TrainerConfig(1, 8, 3, OptimizerConfig.sgd(0.01, 0.9, 0), "cpu", 0, 25, false);
        List<long[]> seen = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            EmaMethod method = new EmaMethod(m);
            int before = m.getManagedArrays().size();
            StepObserver observer = (step, wait, iteration) -> {
                seen.add(new long[] {step, wait, iteration});
                if ((step + 1) % 24 == 0) {
                    System.gc();
                    rss.add(ProcessMemory.residentBytes() / (1024 * 1024));
                }
            };
            new SslTrainer(config, observer).fit(method, new SyntheticImageSource(8 * 240, 1, 16, 4, 0), dir, false, null);
            assertEquals(before, m.getManagedArrays().size(), "arrays leaked into the method's manager");
            assertTrue(method.teacherMoved > 0, "the EMA teacher never moved");
        }
        assertEquals(240, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            long[] s = seen.get(i);
            assertEquals(i, s[0], "steps in order, each once");
            assertTrue(s[1] >= 0 && s[1] <= s[2], "wait " + s[1] + " within iteration " + s[2]);
        }
        assertTrue(ProcessMemory.peakResidentBytes() >= ProcessMemory.residentBytes());
        assertEquals(10, rss.size());
        long early = median(rss.subList(2, 6));
        long late = median(rss.subList(6, 10));
        assertTrue(late <= early * 1.05 + 8, "resident memory grew from " + early + " MB to " + late + " MB: " + rss);
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    /** TinyMethod's student, plus an EMA copy that predicts the second view (BYOL's shape). */
    private static final class EmaMethod implements SslMethod {
        private final TinyMethod tiny;
        private final Encoder teacher;
        private final EmaTeacher ema;
        private float teacherMoved;

        EmaMethod(NDManager manager) {
            tiny = new TinyMethod(manager, Long.MAX_VALUE);
            teacher = tiny.encoder().freshCopy();
            teacher.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 16, 16));
            ema = EmaTeacher.of(tiny.encoder(), teacher, MomentumSchedule.constant(0.9));
        }

        @Override
        public String id() {
            return "tiny-ema";
        }

        @Override
        public MultiView views() {
            return tiny.views();
        }

        @Override
        public Block trainable() {
            return tiny.trainable();
        }

        @Override
        public Encoder encoder() {
            return tiny.encoder();
        }

        @Override
        public LossOutput loss(List<NDArray> v, TrainingStep step) {
            NDArray online = tiny.encoder().features(step.parameterStore(), v.get(0), true);
            NDArray target = teacher.features(step.parameterStore(), v.get(1), false).stopGradient();
            return LossOutput.of(online.normalize(2, 1).sub(target.normalize(2, 1)).square().sum(new int[] {1}).mean());
        }

        @Override
        public void afterStep(TrainingStep step) {
            NDArray before = teacher.getParameters().valueAt(0).getArray().duplicate();
            before.attach(step.manager());
            ema.update(step);
            if (step.globalStep() == 0) {
                // before.sub(…): the temporaries land in before's manager, the step scope.
                teacherMoved = before.sub(teacher.getParameters().valueAt(0).getArray()).abs().sum().getFloat();
            }
        }
    }
}
