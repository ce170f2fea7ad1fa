package io.github.djlssl.core.export;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code state_dict} keys of timm's {@code VisionTransformer(num_classes=0, fc_norm=False)},
 * written out from timm's source (timm/models/vision_transformer.py, timm/layers/attention.py,
 * mlp.py, patch_embed.py): the module's own parameters {@code cls_token} (only with a class token)
 * and {@code pos_embed} first, then {@code patch_embed.proj}, every {@code Block} ({@code norm1,
 * attn.qkv, attn.proj, norm2, mlp.fc1, mlp.fc2}; {@code ls1/ls2, q_norm/k_norm, attn.norm,
 * mlp.norm} are {@code nn.Identity} with the defaults) and the final {@code norm}; {@code head} is
 * {@code nn.Identity} with {@code num_classes=0}.
 */
final class TimmKeys {

    private TimmKeys() {}

    static List<String> vit(int depth, boolean classToken) {
        List<String> keys = new ArrayList<>();
        if (classToken) {
            keys.add("cls_token");
        }
        keys.add("pos_embed");
        keys.add("patch_embed.proj.weight");
        keys.add("patch_embed.proj.bias");
        for (int i = 0; i < depth; i++) {
            for (String leaf :
                    List.of("norm1", "attn.qkv", "attn.proj", "norm2", "mlp.fc1", "mlp.fc2")) {
                keys.add("blocks." + i + "." + leaf + ".weight");
                keys.add("blocks." + i + "." + leaf + ".bias");
            }
        }
        keys.add("norm.weight");
        keys.add("norm.bias");
        return keys;
    }
}
