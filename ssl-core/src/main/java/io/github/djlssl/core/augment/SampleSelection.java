package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;

/**
 * Which samples of a batch an op with probability {@code p} acts on: one Bernoulli draw per
 * sample. Ops that touch only the chosen rows gather them, transform the sub-batch and write it
 * back in place, so their cost scales with {@code p}.
 */
final class SampleSelection {

    private final boolean[] chosen;
    private final int count;

    private SampleSelection(boolean[] chosen) {
        this.chosen = chosen;
        int c = 0;
        for (boolean b : chosen) {
            c += b ? 1 : 0;
        }
        this.count = c;
    }

    /** Draws one Bernoulli({@code p}) per sample, always exactly {@code batch} draws. */
    static SampleSelection draw(Rng rng, int batch, double p) {
        boolean[] chosen = new boolean[batch];
        for (int i = 0; i < batch; i++) {
            chosen[i] = rng.bernoulli(p);
        }
        return new SampleSelection(chosen);
    }

    boolean isChosen(int i) {
        return chosen[i];
    }

    int count() {
        return count;
    }

    boolean none() {
        return count == 0;
    }

    boolean all() {
        return count == chosen.length;
    }

    /** The batch index of the chosen rows as an int64 index on {@code manager}'s device. */
    NDIndex rows(NDManager manager) {
        long[] idx = new long[count];
        for (int i = 0, j = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                idx[j++] = i;
            }
        }
        NDArray rows = manager.create(idx, new Shape(count));
        return new NDIndex("{}", rows);
    }
}
