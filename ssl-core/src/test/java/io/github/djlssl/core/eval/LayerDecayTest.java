package io.github.djlssl.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.encoder.TorchNames;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerDecayTest {

    @Test
    void vitLayersFollowMaesLayerIds() {
        Encoder vit = new EncoderSpec("vit-tiny", 16, 1, 0, 4).build(); // 12 blocks
        Map<String, String> torch = TorchNames.of(vit);
        Map<String, Double> scales = LayerDecay.scales(torch, "", 0.5);
        Map<String, Double> byTorch = new HashMap<>();
        scales.forEach((djl, s) -> byTorch.put(torch.get(djl), s));
        assertEquals(torch.size(), scales.size(), "every encoder parameter has a scale");
        assertEquals(Math.pow(0.5, 13), byTorch.get("cls_token"), 1e-15);
        assertEquals(Math.pow(0.5, 13), byTorch.get("patch_embed.proj.weight"), 1e-15);
        assertEquals(Math.pow(0.5, 12), byTorch.get("blocks.0.attn.qkv.weight"), 1e-15);
        assertEquals(0.5, byTorch.get("blocks.11.mlp.fc2.bias"), 1e-15);
        assertEquals(1.0, byTorch.get("norm.weight"), 1e-15);
    }

    @Test
    void resnetsAndTheHeadAreNotDecayed() {
        Encoder resnet = new EncoderSpec("resnet18", 16, 1, 4, 0).build();
        assertTrue(LayerDecay.scales(TorchNames.of(resnet), "", 0.5).isEmpty());
        Map<String, String> withHead = Map.of("a", "0.blocks.0.norm1.weight", "b", "1.weight");
        Map<String, Double> scales = LayerDecay.scales(withHead, "0.", 0.5);
        assertEquals(0.5, scales.get("a"), 1e-15);
        assertTrue(!scales.containsKey("b"), "the head (outside the prefix) keeps scale 1");
    }
}
