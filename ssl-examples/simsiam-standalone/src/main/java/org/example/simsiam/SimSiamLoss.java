package org.example.simsiam;

import ai.djl.ndarray.NDArray;

/** SimSiam's symmetrised negative cosine similarity with stop-gradient (Chen &amp; He 2021, Eq. 1–2). */
public final class SimSiamLoss {

    private SimSiamLoss() {}

    /**
     * Computes {@code L = D(p1, sg(z2)) / 2 + D(p2, sg(z1)) / 2} with {@code D(p, z) = −cos(p, z)}
     * averaged over the batch.
     *
     * @param p1 predictions from view 1 {@code [N, D]}
     * @param p2 predictions from view 2 {@code [N, D]}
     * @param z1 projections of view 1 {@code [N, D]}
     * @param z2 projections of view 2 {@code [N, D]}
     * @return the scalar loss, in [−1, 1]
     */
    public static NDArray compute(NDArray p1, NDArray p2, NDArray z1, NDArray z2) {
        return negativeCosine(p1, z2.stopGradient()).add(negativeCosine(p2, z1.stopGradient())).div(2f);
    }

    private static NDArray negativeCosine(NDArray p, NDArray z) {
        return p.normalize(2, 1, 1e-12).mul(z.normalize(2, 1, 1e-12)).sum(new int[] {1}).mean().neg();
    }
}
