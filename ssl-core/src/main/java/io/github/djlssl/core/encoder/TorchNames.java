package io.github.djlssl.core.encoder;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps DJL parameter names to PyTorch {@code state_dict} keys by walking a block tree, so weights
 * trained here load into torchvision/timm/lightly modules (export as safetensors under these keys).
 *
 * <p>DJL names are positional: a child added as {@code addChildBlock("conv1", …)} is stored as
 * {@code 01conv1} and its weight is {@code 01conv1_weight}. The walk turns each level into one
 * dotted PyTorch component:
 *
 * <ul>
 *   <li>children of a {@link SequentialBlock} become their index, {@code 01ResidualBlock → 0}
 *       ({@code nn.Sequential} / {@code nn.ModuleList});
 *   <li>other children drop the two-digit prefix, {@code 01conv1 → conv1} — so blocks meant for
 *       export name their children as PyTorch does;
 *   <li>parameter names follow PyTorch: BN/LN {@code gamma, beta → weight, bias}, {@code runningMean
 *       → running_mean}, {@code runningVar → running_var}; others are kept ({@code weight}, {@code
 *       bias}, {@code cls_token}, {@code pos_embed}).
 * </ul>
 */
public final class TorchNames {

    private TorchNames() {}

    /**
     * Maps every parameter of a block tree to its PyTorch key.
     *
     * @param root the block whose {@code getParameters()} names are the keys of the result
     * @return DJL parameter name → PyTorch key, in {@code getParameters()} order
     */
    public static Map<String, String> of(Block root) {
        Map<String, String> names = new LinkedHashMap<>();
        walk(root, "", "", names);
        return names;
    }

    private static void walk(Block block, String djlPrefix, String torchPrefix, Map<String, String> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(djlPrefix + p.getKey(), torchPrefix + parameterName(p.getKey()));
        }
        boolean indexed = block instanceof SequentialBlock;
        int index = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            // AbstractBlock stores children as String.format("%02d%s", position, name).
            String key = child.getKey();
            String position = String.format(Locale.ROOT, "%02d", index + 1);
            String name = key.startsWith(position) ? key.substring(position.length()) : key;
            String component = indexed ? Integer.toString(index) : name;
            walk(child.getValue(), djlPrefix + key + "_", torchPrefix + component + ".", out);
            index++;
        }
    }

    /**
     * Translates one DJL parameter name to PyTorch's.
     *
     * @param djlName e.g. {@code gamma}
     * @return e.g. {@code weight}
     */
    static String parameterName(String djlName) {
        return switch (djlName) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> djlName;
        };
    }
}
