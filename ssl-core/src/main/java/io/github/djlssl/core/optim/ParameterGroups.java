package io.github.djlssl.core.optim;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The optimiser's view of a block's parameters: each parameter's name and its per-parameter options
 * (weight decay on/off, LARS adaptation on/off, learning-rate scale).
 *
 * <p>DJL calls {@code Optimizer.update} with {@link Parameter#getId()}, a random UUID; this class
 * maps that id back to the stable name from {@link Block#getParameters()} (e.g. {@code
 * 01Conv2d_weight}), which keys the optimiser state in checkpoints.
 *
 * <p><b>Default exclusion rule</b> ({@link #excludedByDefault}): a parameter gets no weight decay
 * and no LARS adaptation when it is
 *
 * <ul>
 *   <li>of type {@code BIAS}, {@code GAMMA} or {@code BETA} (biases, BatchNorm/LayerNorm scale and
 *       shift), or
 *   <li>at most 1-D (any other bias or norm parameter; the rule of timm, solo-learn and lightly,
 *       and the {@code p.ndim == 1} filter of the Barlow Twins / BYOL LARS), or
 *   <li>named like a ViT token or position embedding ({@link #TOKEN_NAMES}: {@code cls_token},
 *       {@code pos_embed}, {@code mask_token}, {@code dist_token}, {@code reg_token}, with or
 *       without the underscore, any case), as in timm's {@code no_weight_decay()}.
 * </ul>
 *
 * Conv and linear weights (rank &ge; 2) are decayed and adapted. Frozen parameters and BatchNorm
 * running statistics never reach the optimiser (DJL skips parameters that require no gradient).
 *
 * <p>Shapes are only known once the block is initialised, so the flags are resolved on first use
 * (normally the first optimiser step), when every parameter must be initialised. Instances are
 * immutable apart from that one-time resolution and are safe to share.
 */
public final class ParameterGroups {

    /**
     * Names of ViT parameters that are excluded from weight decay: tokens and position embeddings.
     */
    public static final Pattern TOKEN_NAMES =
            Pattern.compile("(?i).*(cls_?token|pos_?embed|mask_?token|dist_?token|reg_?token).*");

    /**
     * One parameter as the optimiser sees it.
     *
     * @param name the stable name from {@link Block#getParameters()}; keys the optimiser state
     * @param parameter the parameter
     * @param weightDecay whether weight decay applies
     * @param larsAdapt whether LARS scales this parameter's update by the trust ratio
     * @param lrScale the factor on the scheduled learning rate (1 unless set with {@link
     *     #withLrScale})
     */
    public record Member(
            String name,
            Parameter parameter,
            boolean weightDecay,
            boolean larsAdapt,
            double lrScale) {}

    private final List<Pair<String, Parameter>> named;
    private final BiPredicate<String, Parameter> excludeFromDecay;
    private final List<Pair<Predicate<String>, Double>> lrScales;
    private volatile Map<String, Member> byId;
    private volatile Map<String, Member> byName;

    private ParameterGroups(
            List<Pair<String, Parameter>> named,
            BiPredicate<String, Parameter> excludeFromDecay,
            List<Pair<Predicate<String>, Double>> lrScales) {
        this.named = named;
        this.excludeFromDecay = excludeFromDecay;
        this.lrScales = lrScales;
    }

    /**
     * Groups a block's parameters with the default exclusion rule.
     *
     * @param block the block the optimiser trains (e.g. {@code model.getBlock()})
     * @return the groups
     */
    public static ParameterGroups of(Block block) {
        return of(block.getParameters());
    }

    /**
     * Groups parameters with the default exclusion rule.
     *
     * @param parameters name to parameter, e.g. {@code block.getParameters()}
     * @return the groups
     */
    public static ParameterGroups of(ParameterList parameters) {
        return of(parameters, ParameterGroups::excludedByDefault);
    }

    /**
     * Groups parameters with a custom rule for weight-decay and LARS exclusion.
     *
     * @param parameters name to parameter, e.g. {@code block.getParameters()}
     * @param excludeFromDecay true for parameters that get neither weight decay nor LARS
     *     adaptation; evaluated on the initialised parameter
     * @return the groups
     */
    public static ParameterGroups of(
            ParameterList parameters, BiPredicate<String, Parameter> excludeFromDecay) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(excludeFromDecay, "excludeFromDecay");
        List<Pair<String, Parameter>> named = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            named.add(new Pair<>(p.getKey(), p.getValue()));
        }
        return new ParameterGroups(List.copyOf(named), excludeFromDecay, List.of());
    }

    /**
     * Returns the default rule: true for biases, norm scales/shifts, parameters of rank &le; 1 and
     * ViT token/position-embedding parameters (see the class comment).
     *
     * @param name the parameter name
     * @param parameter the initialised parameter
     * @return true if the parameter gets no weight decay and no LARS adaptation
     */
    public static boolean excludedByDefault(String name, Parameter parameter) {
        Parameter.Type type = parameter.getType();
        if (type == Parameter.Type.BIAS
                || type == Parameter.Type.GAMMA
                || type == Parameter.Type.BETA) {
            return true;
        }
        return shapeOf(name, parameter).dimension() <= 1 || TOKEN_NAMES.matcher(name).matches();
    }

    /**
     * Returns a copy in which matching parameters have their learning rate multiplied by {@code
     * scale} (e.g. a predictor trained at 10x, or Barlow Twins' biases at 0.0048 / 0.2). Scales of
     * several matching rules multiply.
     *
     * @param names selects parameters by name
     * @param scale the factor; finite and &ge; 0
     * @return new groups with the extra rule
     */
    public ParameterGroups withLrScale(Predicate<String> names, double scale) {
        Objects.requireNonNull(names, "names");
        if (!Double.isFinite(scale) || scale < 0) {
            throw new IllegalArgumentException("scale must be finite and >= 0, got " + scale);
        }
        List<Pair<Predicate<String>, Double>> rules = new ArrayList<>(lrScales);
        rules.add(new Pair<>(names, scale));
        return new ParameterGroups(named, excludeFromDecay, List.copyOf(rules));
    }

    /**
     * Returns the member for a DJL parameter id.
     *
     * @param parameterId {@link Parameter#getId()}
     * @return the member
     * @throws IllegalArgumentException if the id is not one of these parameters
     */
    public Member byId(String parameterId) {
        Member m = resolve().get(parameterId);
        if (m == null) {
            throw new IllegalArgumentException(
                    "Parameter id "
                            + parameterId
                            + " is not in the block this optimiser was built for; build the"
                            + " optimiser from the block the Trainer trains (model.getBlock())");
        }
        return m;
    }

    /**
     * Returns the member for a parameter name.
     *
     * @param name the name from {@link Block#getParameters()}
     * @return the member
     * @throws IllegalArgumentException if there is no such parameter
     */
    public Member byName(String name) {
        resolve();
        Member m = byName.get(name);
        if (m == null) {
            throw new IllegalArgumentException("No parameter named " + name);
        }
        return m;
    }

    /**
     * Returns every distinct parameter, in block order. A parameter shared under two names is
     * listed once, under its first name.
     *
     * @return the members
     */
    public List<Member> members() {
        resolve();
        return List.copyOf(byName.values());
    }

    private Map<String, Member> resolve() {
        Map<String, Member> ids = byId;
        if (ids != null) {
            return ids;
        }
        synchronized (this) {
            if (byId == null) {
                Map<String, Member> newById = new HashMap<>();
                Map<String, Member> newByName = new LinkedHashMap<>();
                for (Pair<String, Parameter> p : named) {
                    Parameter param = p.getValue();
                    if (newById.containsKey(param.getId())) {
                        continue; // shared parameter: DJL updates it once, under its id
                    }
                    boolean excluded = excludeFromDecay.test(p.getKey(), param);
                    double scale = 1.0;
                    for (Pair<Predicate<String>, Double> rule : lrScales) {
                        if (rule.getKey().test(p.getKey())) {
                            scale *= rule.getValue();
                        }
                    }
                    Member m = new Member(p.getKey(), param, !excluded, !excluded, scale);
                    newById.put(param.getId(), m);
                    newByName.put(p.getKey(), m);
                }
                byName = Collections.unmodifiableMap(newByName);
                byId = Collections.unmodifiableMap(newById);
            }
            return byId;
        }
    }

    private static Shape shapeOf(String name, Parameter parameter) {
        if (parameter.isInitialized()) {
            return parameter.getArray().getShape();
        }
        Shape shape = parameter.getShape();
        if (shape == null) {
            throw new IllegalStateException(
                    "Parameter "
                            + name
                            + " has no shape yet: initialise the block (trainer.initialize) before"
                            + " the first optimiser step");
        }
        return shape;
    }
}
