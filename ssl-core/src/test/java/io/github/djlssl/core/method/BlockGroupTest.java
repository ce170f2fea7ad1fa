package io.github.djlssl.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Parameter naming and member selection of {@link BlockGroup}. */
class BlockGroupTest {

    @Test
    void parametersOfSelectsExactlyOneMembersParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Block> blocks = new LinkedHashMap<>();
            // "pred" is a prefix of "predictor": selection must not go by name prefix.
            blocks.put("pred", linear(manager));
            blocks.put("predictor", linear(manager));
            BlockGroup group = BlockGroup.of(blocks);
            Predicate<String> predictor = group.parametersOf("predictor");
            Set<Parameter> predictorParameters = new HashSet<>(blocks.get("predictor").getParameters().values());
            int selected = 0;
            for (Pair<String, Parameter> p : group.getParameters()) {
                boolean own = predictorParameters.contains(p.getValue());
                assertEquals(own, predictor.test(p.getKey()), p.getKey());
                selected += own ? 1 : 0;
            }
            assertEquals(2, selected, "weight and bias of the predictor");
            assertThrows(IllegalArgumentException.class, () -> group.parametersOf("projector"));
        }
    }

    private static Block linear(NDManager manager) {
        Block b = Linear.builder().setUnits(3).build();
        b.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        return b;
    }
}
