package io.github.djlssl.core.method;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Groups already initialised blocks under stable names so that one {@link Block} carries the
 * parameters of an encoder and its heads — what {@link SslMethod#trainable()} returns and what the
 * optimiser and checkpoints see. It has no forward of its own: a method calls its members.
 */
public final class BlockGroup extends AbstractBlock {

    private final Map<String, Block> members = new LinkedHashMap<>();

    private BlockGroup() {}

    /**
     * Groups blocks; the map's iteration order fixes the parameter names.
     *
     * @param blocks name → initialised block
     * @return the group
     */
    public static BlockGroup of(Map<String, ? extends Block> blocks) {
        BlockGroup group = new BlockGroup();
        blocks.forEach(
                (name, block) -> {
                    group.members.put(name, block);
                    group.addChildBlock(name, block);
                });
        return group;
    }

    /**
     * Returns a member by name.
     *
     * @param name the name given to {@link #of}
     * @return the block
     */
    public Block member(String name) {
        Block b = members.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no member '" + name + "' in " + members.keySet());
        }
        return b;
    }

    /**
     * Selects the parameters of one member by their names in {@link #getParameters()}, which
     * DJL prefixes with the member's position ({@code 03predictor_01Linear_weight}).
     *
     * @param name the name given to {@link #of}
     * @return a predicate that is true for exactly that member's parameter names
     */
    public Predicate<String> parametersOf(String name) {
        Block block = member(name); // fails fast on a typo
        Set<String> own = new HashSet<>();
        for (Pair<String, Block> child : getChildren()) {
            if (child.getValue() == block) {
                for (Pair<String, Parameter> p : block.getParameters()) {
                    own.add(child.getKey() + "_" + p.getKey()); // AbstractBlock's naming
                }
            }
        }
        return own::contains;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        throw new IllegalStateException(
                "a BlockGroup only groups parameters; call its members " + members.keySet());
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block b : members.values()) {
            if (!b.isInitialized()) {
                throw new IllegalStateException("BlockGroup members must be initialised first");
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new IllegalStateException("a BlockGroup has no output of its own");
    }
}
