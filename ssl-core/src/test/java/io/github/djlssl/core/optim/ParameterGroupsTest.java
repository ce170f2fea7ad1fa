package io.github.djlssl.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParameterGroupsTest {

    @Test
    void convAndLinearWeightsAreDecayedBiasesAndNormsAreNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net =
                    new SequentialBlock()
                            .add(
                                    Conv2d.builder()
                                            .setKernelShape(new Shape(3, 3))
                                            .setFilters(4)
                                            .build())
                            .add(BatchNorm.builder().build())
                            .add(Pool.globalAvgPool2dBlock())
                            .add(LayerNorm.builder().axis(1).build())
                            .add(Linear.builder().setUnits(3).build());
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 8, 8));
            ParameterGroups groups = ParameterGroups.of(net);
            Map<String, Boolean> decay =
                    groups.members().stream()
                            .collect(
                                    Collectors.toMap(
                                            ParameterGroups.Member::name,
                                            ParameterGroups.Member::weightDecay));
            assertEquals(Boolean.TRUE, decay.get("01Conv2d_weight"));
            assertEquals(Boolean.FALSE, decay.get("01Conv2d_bias"));
            assertEquals(Boolean.FALSE, decay.get("02BatchNorm_gamma"));
            assertEquals(Boolean.FALSE, decay.get("02BatchNorm_beta"));
            assertEquals(Boolean.FALSE, decay.get("04LayerNorm_gamma"));
            assertEquals(Boolean.FALSE, decay.get("04LayerNorm_beta"));
            assertEquals(Boolean.TRUE, decay.get("05Linear_weight"));
            assertEquals(Boolean.FALSE, decay.get("05Linear_bias"));
            for (ParameterGroups.Member member : groups.members()) {
                assertEquals(member.weightDecay(), member.larsAdapt(), member.name());
                assertEquals(1.0, member.lrScale());
                assertEquals(member, groups.byId(member.parameter().getId()));
            }
        }
    }

    @Test
    void tokensPositionEmbeddingsAndVectorsAreExcluded() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterList list = new ParameterList();
            list.add("00vit_cls_token", weight(m, new Shape(1, 1, 8)));
            list.add("00vit_posEmbed", weight(m, new Shape(1, 5, 8)));
            list.add("00vit_mask_token", weight(m, new Shape(1, 1, 8)));
            list.add("03head_scale", weight(m, new Shape(8))); // a rank-1 WEIGHT
            list.add("02attn_qkv_weight", weight(m, new Shape(24, 8)));
            ParameterGroups groups = ParameterGroups.of(list);
            assertFalse(groups.byName("00vit_cls_token").weightDecay());
            assertFalse(groups.byName("00vit_posEmbed").weightDecay());
            assertFalse(groups.byName("00vit_mask_token").larsAdapt());
            assertFalse(groups.byName("03head_scale").weightDecay());
            assertTrue(groups.byName("02attn_qkv_weight").weightDecay());

            ParameterGroups custom =
                    ParameterGroups.of(list, (name, p) -> name.contains("qkv"))
                            .withLrScale(name -> name.startsWith("00"), 0.5)
                            .withLrScale(name -> name.endsWith("token"), 4);
            assertFalse(custom.byName("02attn_qkv_weight").weightDecay());
            assertTrue(custom.byName("00vit_cls_token").weightDecay());
            assertEquals(2.0, custom.byName("00vit_cls_token").lrScale());
            assertEquals(0.5, custom.byName("00vit_posEmbed").lrScale());
        }
    }

    @Test
    void sharedParametersAppearOnceAndUnknownIdsAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter shared = weight(m, new Shape(2, 2));
            ParameterList list = new ParameterList();
            list.add("01fc_weight", shared);
            list.add("03fc_weight", shared);
            ParameterGroups groups = ParameterGroups.of(list);
            assertEquals(1, groups.members().size());
            assertEquals("01fc_weight", groups.byId(shared.getId()).name());
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> groups.byId("not-an-id"));
            assertTrue(e.getMessage().contains("not-an-id"));
        }
    }

    private static Parameter weight(NDManager m, Shape shape) {
        return Parameter.builder()
                .setName("w")
                .setType(Parameter.Type.WEIGHT)
                .optArray(m.ones(shape))
                .build();
    }
}
