package io.github.djlssl.jointembed.byol;

import io.github.djlssl.core.augment.AugmentationPipeline;
import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.augment.BatchAugmentation;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.augment.ViewSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * BYOL's asymmetric pair of views ({@link AugmentationPresets#byol}: blur 1.0 / 0.1, solarise 0.0
 * / 0.2; Grill et al. 2020, Table 6) ending in the dataset's own normalisation rather than the
 * preset's per-channel-count default. MoCo v3 reuses these views, as its paper does (§4, "we
 * follow BYOL's augmentation").
 *
 * <p>The preset's final op is its {@link Normalize}; this swaps it for the given one and keeps
 * every other op. (Core's {@code simclr} preset already takes a {@code Normalize}; once {@code
 * byol} does too, this class reduces to that call.)
 */
public final class ByolViews {

    private ByolViews() {}

    /**
     * Returns the two BYOL views normalised with {@code normalize}.
     *
     * @param imageSize output side in pixels
     * @param normalize the dataset's normalisation (its channel count is the images')
     * @return views {@code view1} (blur 1.0) and {@code view2} (blur 0.1, solarise 0.2)
     */
    public static MultiView of(int imageSize, Normalize normalize) {
        MultiView preset = AugmentationPresets.byol(imageSize, normalize.channels());
        List<ViewSpec> views = new ArrayList<>();
        for (ViewSpec v : preset.views()) {
            views.add(new ViewSpec(v.name(), v.size(), renormalized(v.pipeline(), normalize)));
        }
        return new MultiView(views);
    }

    private static BatchAugmentation renormalized(BatchAugmentation pipeline, Normalize normalize) {
        if (!(pipeline instanceof AugmentationPipeline p)
                || p.ops().isEmpty()
                || !(p.ops().get(p.ops().size() - 1) instanceof Normalize)) {
            throw new IllegalStateException("expected the BYOL preset to end in a Normalize, got " + pipeline);
        }
        List<BatchAugmentation> ops = new ArrayList<>(p.ops());
        ops.set(ops.size() - 1, normalize);
        return AugmentationPipeline.of(ops.toArray(new BatchAugmentation[0]));
    }
}
