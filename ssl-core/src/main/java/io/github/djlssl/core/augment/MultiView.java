package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.github.djlssl.core.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one batch of source images into the N augmented views a method trains on — two for
 * SimCLR/BYOL, 2 global + K local crops for DINO/SwAV (multi-crop, Caron et al. 2020), one for
 * MAE — each view with its own pipeline and independent randomness.
 *
 * <p>Randomness: view {@code i} draws from the {@code i}-th {@link Rng#split()} of the caller's
 * generator, so views are independent and the call advances the caller's stream by exactly one
 * draw per view.
 */
public final class MultiView {

    private final List<ViewSpec> views;
    private final List<ViewGroup> groups;

    /**
     * Creates a multi-view generator.
     *
     * @param views at least one view
     */
    public MultiView(List<ViewSpec> views) {
        if (views == null || views.isEmpty()) {
            throw new IllegalArgumentException("views must be non-empty");
        }
        this.views = List.copyOf(views);
        Map<Integer, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < this.views.size(); i++) {
            bySize.computeIfAbsent(this.views.get(i).size(), k -> new ArrayList<>()).add(i);
        }
        List<ViewGroup> g = new ArrayList<>();
        bySize.forEach((size, idx) -> g.add(new ViewGroup(size, idx)));
        this.groups = List.copyOf(g);
    }

    /**
     * Creates a multi-view generator.
     *
     * @param views at least one view
     * @return the generator
     */
    public static MultiView of(ViewSpec... views) {
        return new MultiView(List.of(views));
    }

    /**
     * Returns the views in order.
     *
     * @return an unmodifiable list
     */
    public List<ViewSpec> views() {
        return views;
    }

    /**
     * Returns the views grouped by resolution, in order of first appearance (global crops
     * first in every preset).
     *
     * @return an unmodifiable list of groups
     */
    public List<ViewGroup> groups() {
        return groups;
    }

    /**
     * Generates every view of a batch.
     *
     * @param images uint8 (0..255) or float32 ([0, 1]) source batch {@code [B, C, H, W]}; not
     *     modified
     * @param rng the caller's generator (advanced by one draw per view)
     * @return one batch {@code [B, C', size_i, size_i]} per view, in view order, attached to the
     *     images' manager; the caller closes them
     */
    public List<NDArray> generate(NDArray images, Rng rng) {
        List<Rng> streams = new ArrayList<>(views.size());
        for (int i = 0; i < views.size(); i++) {
            streams.add(rng.split());
        }
        List<NDArray> out = new ArrayList<>(views.size());
        try (NDArray source = ToFloat.create().apply(images, rng)) {
            for (int i = 0; i < views.size(); i++) {
                ViewSpec view = views.get(i);
                NDArray batch = view.pipeline().apply(source, streams.get(i));
                out.add(batch);
                long h = batch.getShape().get(2);
                long w = batch.getShape().get(3);
                if (h != view.size() || w != view.size()) {
                    out.forEach(NDArray::close);
                    throw new IllegalStateException("view '" + view.name() + "' declares size "
                            + view.size() + " but its pipeline produced " + batch.getShape());
                }
            }
        }
        return out;
    }

    /**
     * Concatenates generated views per resolution group along the batch axis, the input of one
     * forward pass per resolution.
     *
     * @param generated the result of {@link #generate}, in view order
     * @return one array {@code [n_g * B, C, size_g, size_g]} per group, in {@link #groups()} order
     */
    public List<NDArray> concatByGroup(List<NDArray> generated) {
        if (generated.size() != views.size()) {
            throw new IllegalArgumentException(
                    "expected " + views.size() + " views, got " + generated.size());
        }
        List<NDArray> out = new ArrayList<>(groups.size());
        for (ViewGroup group : groups) {
            NDList members = new NDList();
            group.viewIndices().forEach(i -> members.add(generated.get(i)));
            out.add(members.size() == 1 ? members.get(0).duplicate() : NDArrays.concat(members, 0));
        }
        return out;
    }
}
