package io.github.djlssl.core.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResNetTest {

    /** torchvision resnet18().state_dict() keys without fc.* and *.num_batches_tracked (100 keys). */
    private static final String TORCHVISION_RESNET18_KEYS =
            """
            conv1.weight bn1.weight bn1.bias bn1.running_mean bn1.running_var layer1.0.conv1.weight
            layer1.0.bn1.weight layer1.0.bn1.bias layer1.0.bn1.running_mean
            layer1.0.bn1.running_var layer1.0.conv2.weight layer1.0.bn2.weight layer1.0.bn2.bias
            layer1.0.bn2.running_mean layer1.0.bn2.running_var layer1.1.conv1.weight
            layer1.1.bn1.weight layer1.1.bn1.bias layer1.1.bn1.running_mean
            layer1.1.bn1.running_var layer1.1.conv2.weight layer1.1.bn2.weight layer1.1.bn2.bias
            layer1.1.bn2.running_mean layer1.1.bn2.running_var layer2.0.conv1.weight
            layer2.0.bn1.weight layer2.0.bn1.bias layer2.0.bn1.running_mean
            layer2.0.bn1.running_var layer2.0.conv2.weight layer2.0.bn2.weight layer2.0.bn2.bias
            layer2.0.bn2.running_mean layer2.0.bn2.running_var layer2.0.downsample.0.weight
            layer2.0.downsample.1.weight layer2.0.downsample.1.bias
            layer2.0.downsample.1.running_mean layer2.0.downsample.1.running_var
            layer2.1.conv1.weight layer2.1.bn1.weight layer2.1.bn1.bias layer2.1.bn1.running_mean
            layer2.1.bn1.running_var layer2.1.conv2.weight layer2.1.bn2.weight layer2.1.bn2.bias
            layer2.1.bn2.running_mean layer2.1.bn2.running_var layer3.0.conv1.weight
            layer3.0.bn1.weight layer3.0.bn1.bias layer3.0.bn1.running_mean
            layer3.0.bn1.running_var layer3.0.conv2.weight layer3.0.bn2.weight layer3.0.bn2.bias
            layer3.0.bn2.running_mean layer3.0.bn2.running_var layer3.0.downsample.0.weight
            layer3.0.downsample.1.weight layer3.0.downsample.1.bias
            layer3.0.downsample.1.running_mean layer3.0.downsample.1.running_var
            layer3.1.conv1.weight layer3.1.bn1.weight layer3.1.bn1.bias layer3.1.bn1.running_mean
            layer3.1.bn1.running_var layer3.1.conv2.weight layer3.1.bn2.weight layer3.1.bn2.bias
            layer3.1.bn2.running_mean layer3.1.bn2.running_var layer4.0.conv1.weight
            layer4.0.bn1.weight layer4.0.bn1.bias layer4.0.bn1.running_mean
            layer4.0.bn1.running_var layer4.0.conv2.weight layer4.0.bn2.weight layer4.0.bn2.bias
            layer4.0.bn2.running_mean layer4.0.bn2.running_var layer4.0.downsample.0.weight
            layer4.0.downsample.1.weight layer4.0.downsample.1.bias
            layer4.0.downsample.1.running_mean layer4.0.downsample.1.running_var
            layer4.1.conv1.weight layer4.1.bn1.weight layer4.1.bn1.bias layer4.1.bn1.running_mean
            layer4.1.bn1.running_var layer4.1.conv2.weight layer4.1.bn2.weight layer4.1.bn2.bias
            layer4.1.bn2.running_mean layer4.1.bn2.running_var
            """;

    private static long trainableCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    private static long countAt224(ResNetConfig config) {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = new ResNet(config);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            return trainableCount(net);
        }
    }

    @Test
    void parameterCountsMatchTorchvisionWithoutFc() {
        // torchvision: resnet18 11,689,512 − fc 513,000; resnet34 21,797,672 − 513,000;
        // resnet50 25,557,032 − fc 2,049,000.
        assertEquals(11_176_512L, countAt224(ResNetConfig.resnet18()));
        assertEquals(21_284_672L, countAt224(ResNetConfig.resnet34()));
        assertEquals(23_508_032L, countAt224(ResNetConfig.resnet50()));
    }

    @Test
    void resnet18NamesMapToTorchvisionKeysInOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = new ResNet(ResNetConfig.resnet18().withWidth(8));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            Map<String, String> names = net.torchNames();
            List<String> expected = Arrays.asList(TORCHVISION_RESNET18_KEYS.trim().split("\\s+"));
            assertEquals(100, expected.size());
            assertEquals(expected, new ArrayList<>(names.values()));
            // every DJL parameter is mapped, and the map is a bijection
            assertEquals(net.getParameters().keys(), new ArrayList<>(names.keySet()));
            assertEquals("layer1.0.conv1.weight", names.get("03layer1_01ResidualBlock_01conv1_weight"));
            assertEquals("bn1.running_mean", names.get("02bn1_runningMean"));
        }
    }

    @Test
    void resnet50NamesIncludeBottleneckAndFirstStageDownsample() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = new ResNet(ResNetConfig.resnet50().withWidth(8).withImageSize(16));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            List<String> keys = new ArrayList<>(net.torchNames().values());
            // torchvision resnet50: 320 keys − 53 num_batches_tracked − fc.weight, fc.bias
            assertEquals(265, keys.size());
            assertTrue(keys.contains("layer1.0.downsample.0.weight"));
            assertTrue(keys.contains("layer4.2.conv3.weight"));
            assertTrue(keys.contains("layer4.2.bn3.running_var"));
            assertFalse(keys.contains("layer1.1.downsample.0.weight"));
        }
    }

    @Test
    void stemIsChosenByImageSizeAndFeatureDimFollowsWidth() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet small = new ResNet(ResNetConfig.resnet18().withWidth(8).withImageSize(64));
            small.initialize(m, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            assertEquals(new Shape(8, 3, 3, 3), small.getParameters().get("01conv1_weight").getArray().getShape());
            ResNet large = new ResNet(ResNetConfig.resnet18().withWidth(8).withImageSize(65));
            large.initialize(m, DataType.FLOAT32, new Shape(2, 3, 65, 65));
            assertEquals(new Shape(8, 3, 7, 7), large.getParameters().get("01conv1_weight").getArray().getShape());
            ResNet forced = new ResNet(ResNetConfig.resnet18().withWidth(8).withImageSize(32)
                    .withStem(ResNetConfig.Stem.IMAGENET));
            assertFalse(forced.config().usesSmallImageStem());
            assertEquals(64, small.featureDim());
            assertEquals(2048, new ResNet(ResNetConfig.resnet50()).featureDim());
            assertEquals("resnet18-w8", small.architecture());
            assertEquals("resnet50", ResNetConfig.resnet50().architecture());
        }
    }

    @Test
    void forwardGivesPooledFeaturesForBothStemsAndBlockTypes() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            ResNet basic = new ResNet(ResNetConfig.resnet18().withWidth(8).withImageSize(16).withInputChannels(1));
            basic.initialize(m, DataType.FLOAT32, new Shape(2, 1, 16, 16));
            NDArray f = basic.features(ps, m.randomNormal(new Shape(2, 1, 16, 16)), false);
            assertEquals(new Shape(2, 64), f.getShape());
            assertTrue(f.min().getFloat() >= 0f, "features are averages of ReLU outputs");

            ResNet bottleneck = new ResNet(ResNetConfig.resnet50().withWidth(4).withImageSize(72));
            bottleneck.initialize(m, DataType.FLOAT32, new Shape(2, 3, 72, 72));
            NDArray g = bottleneck.forward(ps, new NDList(m.randomNormal(new Shape(2, 3, 72, 72))), true)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 128), g.getShape());
            assertEquals(new Shape(2, 128), bottleneck.getOutputShapes(new Shape[] {new Shape(2, 3, 72, 72)})[0]);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> basic.features(ps, m.zeros(new Shape(2, 3, 16, 16)), false));
            assertTrue(e.getMessage().contains("[B, 1, H, W]"), e.getMessage());
        }
    }

    @Test
    void batchNormUsesPytorchMomentumConvention() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm bn = ResNet.batchNorm();
            Shape shape = new Shape(8, 2, 3, 3);
            bn.initialize(m, DataType.FLOAT32, shape);
            NDArray x = m.randomNormal(2f, 3f, shape, DataType.FLOAT32);
            bn.forward(new ParameterStore(m, false), new NDList(x), true);
            NDArray perChannel = x.transpose(1, 0, 2, 3).reshape(2, -1);
            NDArray mean = perChannel.mean(new int[] {1});
            NDArray unbiasedVar = perChannel.sub(mean.expandDims(1)).square().sum(new int[] {1}).div(71f);
            // torch momentum 0.1: running = 0.9 · running + 0.1 · batch
            assertTrue(bn.getParameters().get("runningMean").getArray().allClose(mean.mul(0.1f), 1e-4, 1e-5, false));
            assertTrue(bn.getParameters().get("runningVar").getArray()
                    .allClose(unbiasedVar.mul(0.1f).add(0.9f), 1e-4, 1e-5, false));
        }
    }

    @Test
    void initialisationFollowsTorchvision() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = new ResNet(ResNetConfig.resnet18().withWidth(16).withImageSize(32).withZeroInitResidual(true));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            var params = net.getParameters();
            NDArray w = params.get("06layer4_01ResidualBlock_03conv2_weight").getArray(); // [128, 128, 3, 3]
            double std = Math.sqrt(w.square().mean().getFloat());
            double expected = Math.sqrt(2.0 / (128 * 9)); // kaiming normal, fan_out
            assertEquals(expected, std, 0.03 * expected);
            NDArray lastGamma = params.get("06layer4_01ResidualBlock_04bn2_gamma").getArray();
            NDArray firstGamma = params.get("06layer4_01ResidualBlock_02bn1_gamma").getArray();
            assertEquals(0f, lastGamma.abs().sum().getFloat());
            assertEquals(128f, firstGamma.sum().getFloat());
            ResNet plain = new ResNet(ResNetConfig.resnet18().withWidth(16).withImageSize(32));
            plain.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertEquals(128f, plain.getParameters().get("06layer4_01ResidualBlock_04bn2_gamma").getArray().sum().getFloat());
        }
    }

    @Test
    void freshCopyHasSameArchitectureButOwnParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = new ResNet(ResNetConfig.resnet18().withWidth(4).withImageSize(16));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            ResNet copy = net.freshCopy();
            assertFalse(copy.isInitialized());
            assertEquals(net.config(), copy.config());
            copy.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            assertEquals(net.getParameters().keys(), copy.getParameters().keys());
            NDArray a = net.getParameters().get("01conv1_weight").getArray();
            NDArray b = copy.getParameters().get("01conv1_weight").getArray();
            assertNotEquals(a.getUid(), b.getUid());
            assertFalse(a.contentEquals(b));
        }
    }

    @Test
    void trainingStepReachesEveryTrainableParameter() {
        ResNet net = new ResNet(ResNetConfig.resnet18().withWidth(8).withImageSize(16));
        List<String> checked = TrainingStepCheck.assertStepReachesEveryParameter(net, new Shape(4, 3, 16, 16));
        assertEquals(60, checked.size()); // 100 keys − 2 running stats × 20 BNs
    }

    @Test
    void bottleneckTrainingStepReachesEveryTrainableParameter() {
        ResNet net = new ResNet(ResNetConfig.resnet50().withWidth(4).withImageSize(16));
        TrainingStepCheck.assertStepReachesEveryParameter(net, new Shape(4, 3, 16, 16));
    }

    @Test
    void forwardLeaksNothingIntoTheModelManager() {
        TrainingStepCheck.assertForwardLeaksNothing(
                new ResNet(ResNetConfig.resnet18().withWidth(4).withImageSize(16)), new Shape(2, 3, 16, 16));
    }
}
