package io.github.djlssl.jointembed.swav;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

import java.util.List;

/**
 * SwAV's swapped-prediction loss (Caron et al. 2020, Eq. 1–2), as in {@code main_swav.py}: for each
 * crop i used for assignment, the codes {@code q_i = SinkhornKnopp(scores_i)} (no gradient) are
 * predicted from every other crop v by {@code softmax(scores_v / T)}; the cross-entropies are
 * averaged over the V − 1 other crops and then over the assignment crops (see {@link
 * MultiCropCrossEntropy}).
 *
 * <p>With a {@link FeatureQueue}, the scores of the queued projections are stacked in front of the
 * batch's scores before Sinkhorn-Knopp and only the batch's codes are kept.
 */
public final class SwavLoss {

    private final double temperature;
    private final SinkhornKnopp sinkhorn;

    /**
     * Creates the loss.
     *
     * @param temperature T &gt; 0 of the prediction softmax (0.1 in the paper)
     * @param sinkhorn the code solver (ε = 0.05, 3 iterations in the paper)
     */
    public SwavLoss(double temperature, SinkhornKnopp sinkhorn) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
        this.sinkhorn = sinkhorn;
    }

    /**
     * Returns T.
     *
     * @return the temperature
     */
    public double temperature() {
        return temperature;
    }

    /**
     * Computes the codes of the assignment crops.
     *
     * @param scores prototype scores of all crops, crop-major {@code [V·B, K]}
     * @param batch B
     * @param assignCrops A, the leading crops that get codes (2: the global crops)
     * @param queueScores per assignment crop the scores of its queued projections {@code [L, K]},
     *     or {@code null} without a queue
     * @return codes {@code [A·B, K]} (rows sum to 1), detached
     */
    public NDArray codes(NDArray scores, long batch, int assignCrops, List<NDArray> queueScores) {
        NDList codes = new NDList();
        NDManager m = scores.getManager();
        for (int i = 0; i < assignCrops; i++) {
            NDArray own =
                    scores.get(new NDIndex().addSliceDim(i * batch, (i + 1) * batch))
                            .stopGradient();
            if (queueScores == null) {
                codes.add(sinkhorn.assign(own));
            } else {
                NDArray all = queueScores.get(i).concat(own, 0);
                all.attach(m);
                long rows = all.getShape().get(0);
                codes.add(sinkhorn.assign(all).get(new NDIndex().addSliceDim(rows - batch, rows)));
            }
        }
        return codes.size() == 1 ? codes.get(0) : NDArrays.concat(codes, 0);
    }

    /**
     * Computes the loss.
     *
     * @param scores prototype scores of all V crops, crop-major {@code [V·B, K]}
     * @param batch B
     * @param assignCrops A, the leading crops that get codes (2 in the paper)
     * @param queueScores per assignment crop {@code [L, K]} scores of queued projections, or {@code
     *     null}
     * @return the scalar loss
     */
    public NDArray compute(NDArray scores, long batch, int assignCrops, List<NDArray> queueScores) {
        NDArray q = codes(scores, batch, assignCrops, queueScores);
        return MultiCropCrossEntropy.compute(q, scores, batch, temperature);
    }
}
