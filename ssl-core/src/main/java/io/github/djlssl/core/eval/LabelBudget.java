package io.github.djlssl.core.eval;

import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.random.Rng;
import java.util.Arrays;

/**
 * Picks a class-balanced, seeded random subset of a labelled source: the "N labels" setting of
 * semi-supervised evaluation (SimCLR §7 fine-tunes on 1% and 10% of ImageNet's labels, drawn per
 * class), where pretraining shows most clearly.
 */
public final class LabelBudget {

    private LabelBudget() {}

    /**
     * Returns indices of at most {@code budget} images with as equal a count per class as the
     * source allows: a seeded permutation is walked once and an image is kept while its class has
     * fewer than {@code ceil(budget / classes)} picks; classes too small to fill their share leave
     * the rest to the others in a second pass. The result is sorted.
     *
     * @param source a labelled source
     * @param budget the number of images, &gt; 0 (all images when it is at least the size)
     * @param seed seed of the permutation
     * @return image indices into {@code source}
     */
    public static int[] balanced(ImageSource source, int budget, long seed) {
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be > 0, got " + budget);
        }
        if (!source.hasLabels()) {
            throw new IllegalArgumentException(source.description() + " has no labels");
        }
        int n = source.size();
        if (budget >= n) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] labels = new int[n];
        int classes = 0;
        for (int i = 0; i < n; i++) {
            labels[i] = source.label(i);
            classes = Math.max(classes, labels[i] + 1);
        }
        int share = (budget + classes - 1) / classes;
        int[] order = Rng.of(seed).permutation(n);
        int[] perClass = new int[classes];
        boolean[] taken = new boolean[n];
        int picked = 0;
        for (int i = 0; i < n && picked < budget; i++) {
            int index = order[i];
            if (perClass[labels[index]] < share) {
                perClass[labels[index]]++;
                taken[index] = true;
                picked++;
            }
        }
        for (int i = 0; i < n && picked < budget; i++) { // classes smaller than their share
            if (!taken[order[i]]) {
                taken[order[i]] = true;
                picked++;
            }
        }
        int[] out = new int[picked];
        for (int i = 0, k = 0; i < n; i++) {
            if (taken[i]) {
                out[k++] = i;
            }
        }
        return out;
    }
}
