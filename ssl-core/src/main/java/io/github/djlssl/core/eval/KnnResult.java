package io.github.djlssl.core.eval;

/**
 * Accuracy of a {@link KnnClassifier} on a labelled test set.
 *
 * @param top1 fraction of test samples whose highest-scoring class is the label, in [0, 1]
 * @param top5 fraction whose label is among the 5 highest-scoring classes, or {@code NaN} when
 *     there are fewer than 5 classes
 * @param k neighbours actually used ({@code min(config k, numTrain)})
 * @param numTrain training (memory bank) samples
 * @param numTest test samples scored
 */
public record KnnResult(double top1, double top5, int k, long numTrain, long numTest) {

    /**
     * Returns whether top-5 accuracy was measured (at least 5 classes).
     *
     * @return {@code !isNaN(top5)}
     */
    public boolean hasTop5() {
        return !Double.isNaN(top5);
    }
}
