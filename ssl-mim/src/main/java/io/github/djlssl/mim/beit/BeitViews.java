package io.github.djlssl.mim.beit;

import io.github.djlssl.core.augment.AugmentationPipeline;
import io.github.djlssl.core.augment.BatchAugmentation;
import io.github.djlssl.core.augment.ColorJitter;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.augment.RandomHorizontalFlip;
import io.github.djlssl.core.augment.RandomResizedCrop;
import io.github.djlssl.core.augment.ViewSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * BEiT's single view (§2.5 and its {@code DataAugmentationForBEiT}): random resized crop, flip
 * 0.5, colour jitter, normalise. The tokenizer and the ViT see the same view (BEiT feeds the
 * tokenizer a half-size copy because DALL-E's dVAE downsamples by 8 and the ViT by 16; here both
 * share the patch grid).
 */
final class BeitViews {

    private BeitViews() {}

    static MultiView of(int imageSize, double minCropScale, double jitter, Normalize normalize) {
        List<BatchAugmentation> ops = new ArrayList<>();
        ops.add(RandomResizedCrop.of(imageSize, minCropScale, 1.0));
        ops.add(new RandomHorizontalFlip(0.5));
        if (jitter > 0) {
            ops.add(new ColorJitter(jitter, jitter, jitter, 0.0, 1.0));
        }
        ops.add(normalize);
        return MultiView.of(new ViewSpec("image", imageSize,
                AugmentationPipeline.of(ops.toArray(new BatchAugmentation[0]))));
    }
}
