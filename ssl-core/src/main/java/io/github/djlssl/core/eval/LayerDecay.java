package io.github.djlssl.core.eval;

import io.github.djlssl.core.optim.ParameterGroups;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Layer-wise learning-rate decay for fine-tuning a Vision Transformer (BEiT, Bao et al. 2022 §2.5;
 * MAE, He et al. 2022 appendix A.3): deeper layers keep more of the rate, the input layers less.
 *
 * <p>Layer ids follow MAE's {@code util/lr_decay.py} ({@code get_layer_id_for_vit}) on PyTorch
 * parameter names ({@link io.github.djlssl.core.encoder.TorchNames}): {@code cls_token}, {@code
 * pos_embed} and {@code patch_embed.*} are layer 0, {@code blocks.i.*} layer {@code i + 1}, and
 * everything else (final norm, head) layer {@code L + 1} for {@code L} blocks. A parameter of layer
 * {@code k} trains at {@code decay^(L + 1 - k)} times the scheduled rate. Encoders without {@code
 * blocks.*} parameters (ResNets) are left unchanged.
 */
public final class LayerDecay {

    private LayerDecay() {}

    /**
     * Computes each encoder parameter's learning-rate scale.
     *
     * @param torchNames DJL parameter name → PyTorch key, e.g. {@code TorchNames.of(model)}
     * @param torchPrefix the prefix of the encoder's keys in {@code torchNames} (e.g. {@code "0."}
     *     when the encoder is the first child of a sequential model, {@code ""} for the encoder
     *     itself); keys without it (the head) get scale 1
     * @param decay the decay per layer, in (0, 1]
     * @return DJL name → scale for every encoder parameter of a ViT; empty for other encoders
     */
    public static Map<String, Double> scales(Map<String, String> torchNames, String torchPrefix, double decay) {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        TreeSet<Integer> blocks = new TreeSet<>();
        for (Map.Entry<String, String> e : torchNames.entrySet()) {
            if (!e.getValue().startsWith(torchPrefix)) {
                continue;
            }
            String key = e.getValue().substring(torchPrefix.length());
            int id;
            if (key.equals("cls_token") || key.equals("pos_embed") || key.startsWith("patch_embed.")) {
                id = 0;
            } else if (key.startsWith("blocks.")) {
                id = Integer.parseInt(key.split("\\.")[1]) + 1;
                blocks.add(id);
            } else {
                id = -1; // final norm and the like: the top layer, fixed below once L is known
            }
            ids.put(e.getKey(), id);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        if (blocks.isEmpty()) {
            return out;
        }
        int top = blocks.last() + 1; // L + 1
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            int id = e.getValue() < 0 ? top : e.getValue();
            out.put(e.getKey(), Math.pow(decay, top - id));
        }
        return out;
    }

    /**
     * Returns groups whose members train at their layer's scale.
     *
     * @param groups the optimiser's groups
     * @param scales DJL name → scale, from {@link #scales}
     * @return groups with one learning-rate rule per distinct scale below 1
     */
    public static ParameterGroups apply(ParameterGroups groups, Map<String, Double> scales) {
        ParameterGroups out = groups;
        for (double scale : new TreeSet<>(scales.values())) {
            if (scale < 1) {
                out = out.withLrScale(name -> scales.getOrDefault(name, 1.0) == scale, scale);
            }
        }
        return out;
    }
}
