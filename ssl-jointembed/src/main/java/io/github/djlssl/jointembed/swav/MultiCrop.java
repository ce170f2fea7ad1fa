package io.github.djlssl.jointembed.swav;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.augment.ViewGroup;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.TokenEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Multi-crop plumbing shared by SwAV and DINO (Caron et al. 2020, §3.2): the local crop size for an
 * encoder, and the backbone pass with one forward per resolution (DINO's {@code MultiCropWrapper}),
 * so BatchNorm sees all crops of one size together and each size runs once.
 *
 * <p><b>Vision Transformers.</b> The library's ViT has positional embeddings of one fixed grid and
 * no interpolation, so it cannot take crops of another size. For a {@link TokenEncoder} the local
 * crops are therefore rendered at the encoder's input size: they keep their small crop area (the
 * "local" part of local-to-global correspondence) but cost as much as a global crop each. Pass 0
 * local crops to save that compute. Once positional-embedding interpolation exists in {@code
 * ssl-core}, {@link #localSize} can return the small size for ViTs too.
 */
public final class MultiCrop {

    private static final Logger LOG = LoggerFactory.getLogger(MultiCrop.class);

    /** Local / global side of the papers: 96 px local crops for 224 px global ones. */
    private static final double LOCAL_FRACTION = 96.0 / 224.0;

    private MultiCrop() {}

    /**
     * Returns the side of the local crops.
     *
     * @param encoder the backbone
     * @param requested the configured side; 0 means automatic ({@code round(96/224 · image)}, e.g.
     *     12 px for 28 px images, 14 for 32)
     * @return the side to render local crops at
     * @throws IllegalArgumentException when a fixed-size encoder is asked for another size
     */
    public static int localSize(Encoder encoder, int requested) {
        int image = (int) encoder.inputShape().get(1);
        if (encoder instanceof TokenEncoder) {
            if (requested != 0 && requested != image) {
                throw new IllegalArgumentException(
                        "localCropSize "
                                + requested
                                + " is not possible with "
                                + encoder.architecture()
                                + ": its positional embeddings fix the input to "
                                + image
                                + " px (no interpolation); use 0 or "
                                + image);
            }
            LOG.info(
                    "{}: local crops are rendered at the full {} px (fixed positional embeddings)",
                    encoder.architecture(),
                    image);
            return image;
        }
        if (requested < 0) {
            throw new IllegalArgumentException("localCropSize must be >= 0, got " + requested);
        }
        return requested != 0 ? requested : Math.max(1, (int) Math.round(image * LOCAL_FRACTION));
    }

    /**
     * Checks that concatenating the resolution groups gives the views in view order (globals first,
     * then locals), which the losses rely on.
     *
     * @param views the method's views
     * @return {@code views}
     */
    public static MultiView requireContiguousGroups(MultiView views) {
        int next = 0;
        for (ViewGroup g : views.groups()) {
            for (int i : g.viewIndices()) {
                if (i != next++) {
                    throw new IllegalStateException(
                            "views of one size must be contiguous, got groups " + views.groups());
                }
            }
        }
        return views;
    }

    /**
     * Runs the backbone once per resolution group and concatenates the features in view order.
     *
     * @param encoder the backbone
     * @param ps the parameter store
     * @param views the method's views (checked with {@link #requireContiguousGroups})
     * @param batch the generated views, each {@code [B, C, s, s]}
     * @param training training mode
     * @return features {@code [V·B, F]}, crop-major
     */
    public static NDArray features(
            Encoder encoder,
            ParameterStore ps,
            MultiView views,
            List<NDArray> batch,
            boolean training) {
        NDList perGroup = new NDList();
        for (ViewGroup g : views.groups()) {
            NDList members = new NDList();
            g.viewIndices().forEach(i -> members.add(batch.get(i)));
            NDArray input = members.size() == 1 ? members.get(0) : NDArrays.concat(members, 0);
            perGroup.add(encoder.features(ps, input, training));
        }
        return perGroup.size() == 1 ? perGroup.get(0) : NDArrays.concat(perGroup, 0);
    }
}
