package io.github.djlssl.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.optim.ParameterGroups;
import java.util.List;
import java.util.Map;

/**
 * One self-supervised objective: the networks it trains, the views it needs, its loss, and its
 * post-step hook. The trainer ({@code io.github.djlssl.core.train.SslTrainer}) drives every
 * method through this interface and nothing else.
 *
 * <p>Life cycle of one step: the trainer draws a batch, lets {@link #views()} turn it into the
 * augmented views, opens a gradient collector, calls {@link #loss}, back-propagates, clips and
 * applies the optimiser to the parameters of {@link #trainable()}, and then calls {@link
 * #afterStep} — after the optimiser, which is why this is not a DJL training listener (those fire
 * before {@code step()}).
 */
public interface SslMethod extends AutoCloseable {

    /**
     * Returns the registry id of this method, e.g. {@code simclr}.
     *
     * @return the id its provider is registered under
     */
    String id();

    /**
     * Returns the views the data pipeline must produce from each uint8 batch.
     *
     * @return the view generator (e.g. 2 SimCLR views; 2 global + K local crops; 1 crop for MIM)
     */
    MultiView views();

    /**
     * Returns everything the optimiser updates (student encoder, heads, predictor), as one
     * already initialised block. Teacher networks are not part of it.
     *
     * @return the trainable block
     */
    Block trainable();

    /**
     * Runs the forward pass and returns the loss. Called inside the trainer's gradient scope;
     * every array it creates belongs to {@code step.manager()}.
     *
     * @param views the augmented views, in the order of {@link #views()}, each {@code [B, C, h,
     *     w]}
     * @param step the step context (global step, schedules' position, parameter store, rng)
     * @return the scalar loss plus named scalar metrics
     */
    LossOutput loss(List<NDArray> views, TrainingStep step);

    /**
     * Post-optimiser hook: EMA teacher update, queue push, centre update, prototype
     * normalisation. Runs outside the gradient scope.
     *
     * @param step the step that just finished
     */
    default void afterStep(TrainingStep step) {}

    /**
     * Returns whether training improves {@link #encoder()} as a representation. False for
     * first-stage methods whose product is something else (BEiT's visual tokenizer): tools skip
     * the encoder evaluation after such a run, which would only measure an untouched network.
     *
     * @return true unless overridden
     */
    default boolean trainsEncoder() {
        return true;
    }

    /**
     * Returns the backbone that evaluation and export use.
     *
     * @return the encoder the paper evaluates: usually the trained (student) one; I-JEPA's EMA target
     */
    Encoder encoder();

    /**
     * Returns the named blocks whose parameters (including BatchNorm running statistics) a
     * checkpoint must hold. Methods with a teacher add it here.
     *
     * @return blocks by stable name
     */
    default Map<String, Block> checkpointBlocks() {
        return Map.of("trainable", trainable());
    }

    /**
     * Returns how the optimiser treats the parameters of {@link #trainable()}: which get weight
     * decay and LARS adaptation, and which train at a multiple of the scheduled learning rate.
     * Override to give part of the block its own rate, e.g. a predictor trained faster than the
     * encoder (Tian et al. 2021, "Understanding self-supervised learning dynamics without
     * contrastive pairs", §5) — select members with {@link BlockGroup#parametersOf}.
     *
     * @return the groups; {@code ParameterGroups.of(trainable())} by default
     */
    default ParameterGroups parameterGroups() {
        return ParameterGroups.of(trainable());
    }

    /**
     * Returns named state arrays that are not block parameters (a queue, a centre) and that a
     * checkpoint saves and restores in place.
     *
     * @return arrays with {@code getName()} set; empty by default
     */
    default NDList stateArrays() {
        return new NDList();
    }

    /** Releases what the method owns beyond its blocks (queues, centres). */
    @Override
    default void close() {}
}
