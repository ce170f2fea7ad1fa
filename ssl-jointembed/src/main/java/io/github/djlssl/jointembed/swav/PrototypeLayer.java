package io.github.djlssl.jointembed.swav;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bias-free linear layer onto K prototypes, {@code [B, D] → [B, K]}, {@code y = x Wᵀ} with {@code
 * W [K, D]}, that a method can freeze for the first steps of training.
 *
 * <p>Two uses:
 *
 * <ul>
 *   <li>SwAV's prototypes (Caron et al. 2020, §3.1): a plain {@code nn.Linear(D, K, bias=False)}
 *       whose rows the method re-normalises in place after every step ({@link
 *       #normalizeRowsInPlace}).
 *   <li>DINO's last layer (Caron et al. 2021, {@code DINOHead.last_layer}): a weight-normalised
 *       linear {@code W = g · V / ‖V‖} (rows). With {@code norm_last_layer=True} the gain g is
 *       fixed at 1, so the rows of V are normalised in the forward pass ({@link Mode#NORMALIZED});
 *       with {@code False} g is a trainable {@code [K, 1]} parameter {@code weight_g} ({@link
 *       Mode#WEIGHT_NORM}).
 * </ul>
 *
 * <p><b>Freezing.</b> Both papers keep this layer fixed at the start (SwAV: {@code
 * freeze_prototypes_niters}, DINO: {@code freeze_last_layer} epochs) by dropping its gradient, so
 * the optimiser skips it entirely — no step, no momentum, no weight decay. {@link #setFrozen} does
 * the same: it marks the parameters as not requiring a gradient (DJL's parameter store then skips
 * them in {@code updateAllParameters}) and the forward pass reads the weight through {@code
 * stopGradient()}, so no gradient accumulates on device mirrors either.
 *
 * <p>Weights start as PyTorch's {@code nn.Linear} default {@code U(±1/√D)}, as in both reference
 * implementations.
 */
public final class PrototypeLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    /** How the weight is used in the forward pass. */
    public enum Mode {
        /** {@code y = x Wᵀ} (SwAV prototypes, normalised by the method after each step). */
        PLAIN,
        /** {@code y = x (V/‖V‖)ᵀ}: weight normalisation with g fixed to 1 (DINO default). */
        NORMALIZED,
        /**
         * {@code y = x (g · V/‖V‖)ᵀ} with a trainable gain {@code g [K, 1]} (DINO {@code
         * norm_last_layer=False}).
         */
        WEIGHT_NORM
    }

    private final int outputs;
    private final Mode mode;
    private final Parameter weight;
    private final Parameter gain;
    private final Set<Device> devices = ConcurrentHashMap.newKeySet();
    private volatile boolean frozen;

    /**
     * Creates the layer; the input width is inferred at {@code initialize}.
     *
     * @param outputs K, the number of prototypes / outputs
     * @param mode how the weight enters the forward pass
     */
    public PrototypeLayer(int outputs, Mode mode) {
        super(VERSION);
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
        }
        this.outputs = outputs;
        this.mode = mode;
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optInitializer(
                                        new XavierInitializer(
                                                XavierInitializer.RandomType.UNIFORM,
                                                XavierInitializer.FactorType.IN,
                                                1))
                                .build());
        this.gain =
                mode == Mode.WEIGHT_NORM
                        ? addParameter(
                                Parameter.builder()
                                        .setName("weight_g")
                                        .setType(Parameter.Type.GAMMA)
                                        .optShape(new Shape(outputs, 1))
                                        .build())
                        : null;
    }

    /**
     * Returns K.
     *
     * @return the number of outputs
     */
    public int outputs() {
        return outputs;
    }

    /**
     * Returns the forward mode.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * Returns whether the layer is currently frozen.
     *
     * @return true while {@link #setFrozen} holds it fixed
     */
    public boolean isFrozen() {
        return frozen;
    }

    /**
     * Freezes or releases the layer's parameters. Call at the start of a step's forward pass with a
     * value that is a pure function of the global step, so a resumed run agrees.
     *
     * @param value true to keep the optimiser away from the layer
     */
    public void setFrozen(boolean value) {
        if (value == frozen) {
            return;
        }
        frozen = value;
        weight.freeze(value);
        if (gain != null) {
            gain.freeze(value);
        }
    }

    /**
     * Returns the weight {@code [K, D]} (not the effective normalised one).
     *
     * @return the parameter's array
     */
    public NDArray weight() {
        return weight.getArray();
    }

    /**
     * Computes scores through detached weights (no gradient to the layer), e.g. of SwAV's queued
     * features.
     *
     * @param ps the parameter store
     * @param x inputs {@code [N, D]}
     * @return {@code [N, K]}, attached to {@code x}'s manager, not in the autograd graph
     */
    public NDArray detachedScores(ParameterStore ps, NDArray x) {
        NDArray w = effectiveWeight(ps, x, false, x.getManager());
        return x.getNDArrayInternal().linear(x.stopGradient(), w, null).singletonOrThrow();
    }

    /**
     * Normalises the rows of W to unit L2 norm in place ({@code W ← W / ‖W‖}, SwAV's step after
     * every iteration), on the parameter and on every device mirror that has been used. Call
     * outside any gradient recording.
     *
     * @param ps the parameter store the forward passes use
     */
    public void normalizeRowsInPlace(ParameterStore ps) {
        normalizeInPlace(weight.getArray());
        for (Device d : devices) {
            NDArray mirror = ps.getValue(weight, d, true);
            if (mirror != weight.getArray()) {
                normalizeInPlace(mirror);
            }
        }
    }

    private static void normalizeInPlace(NDArray w) {
        try (NDManager scope = w.getManager().newSubManager()) {
            NDArray squares = w.square();
            squares.attach(scope); // results of ops on squares now land in scope
            w.divi(squares.sum(new int[] {1}, true).sqrt().maximum(1e-12f));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = effectiveWeight(ps, x, training, x.getManager());
        return new NDList(x.getNDArrayInternal().linear(x, w, null).singletonOrThrow());
    }

    /**
     * Returns the weight as the forward pass uses it: the parameter itself, or an array derived
     * from it and attached to {@code into} (ops on a parameter land in the model's manager, which
     * would leak one array per step).
     */
    private NDArray effectiveWeight(
            ParameterStore ps, NDArray x, boolean training, NDManager into) {
        Device device = x.getDevice();
        devices.add(device);
        NDArray v = ps.getValue(weight, device, training);
        NDArray g = gain == null ? null : ps.getValue(gain, device, training);
        boolean detach = frozen || !training;
        if (!detach && weight.requiresGradient() && !v.hasGradient()) {
            // a device mirror created while the layer was frozen has no gradient attached yet
            v.setRequiresGradient(true);
            if (g != null) {
                g.setRequiresGradient(true);
            }
        }
        NDArray base = v;
        if (detach) {
            base = v.stopGradient();
            base.attach(into);
        }
        if (mode == Mode.PLAIN) {
            return base;
        }
        NDArray unit = base.normalize(2, 1, 1e-12);
        unit.attach(into);
        if (mode == Mode.NORMALIZED) {
            return unit;
        }
        NDArray gg = g;
        if (detach) {
            gg = g.stopGradient();
            gg.attach(into);
        }
        return unit.mul(gg); // unit's manager is `into`
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (inputShapes[0].dimension() != 2) {
            throw new IllegalArgumentException(
                    "PrototypeLayer expects [B, D], got " + inputShapes[0]);
        }
        weight.setShape(new Shape(outputs, inputShapes[0].get(1)));
    }
}
