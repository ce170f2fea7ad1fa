package io.github.djlssl.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A trained linear classifier over frozen features, with the feature standardisation it was
 * trained with: {@code logits = ((x - mean) / std) W + b}.
 *
 * <p>It owns its arrays in a manager of its own: close it when done.
 */
public final class LinearClassifier implements AutoCloseable {

    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;
    private final NDArray mean;
    private final NDArray std;

    /**
     * Wraps trained arrays; they must all be attached to {@code manager}, which this object then
     * owns.
     *
     * @param manager owner of the arrays, closed by {@link #close()}
     * @param weight {@code [D, classes]}
     * @param bias {@code [classes]}
     * @param mean training-feature mean {@code [1, D]}, or {@code null} without standardisation
     * @param std training-feature standard deviation {@code [1, D]}, or {@code null}
     */
    LinearClassifier(NDManager manager, NDArray weight, NDArray bias, NDArray mean, NDArray std) {
        this.manager = manager;
        this.weight = weight;
        this.bias = bias;
        this.mean = mean;
        this.std = std;
    }

    /**
     * Returns the feature width D.
     *
     * @return D
     */
    public int featureDim() {
        return Math.toIntExact(weight.getShape().get(0));
    }

    /**
     * Returns the number of classes.
     *
     * @return the width of the logits
     */
    public int numClasses() {
        return Math.toIntExact(weight.getShape().get(1));
    }

    /**
     * Returns the weight matrix (a live view: do not modify or close it).
     *
     * @return {@code [D, classes]}
     */
    public NDArray weight() {
        return weight;
    }

    /**
     * Returns the bias (a live view: do not modify or close it).
     *
     * @return {@code [classes]}
     */
    public NDArray bias() {
        return bias;
    }

    /**
     * Returns whether features are standardised before the linear map.
     *
     * @return true when trained with standardisation
     */
    public boolean standardizes() {
        return mean != null;
    }

    /**
     * Computes class logits.
     *
     * @param features frozen features {@code [N, D]} on the classifier's device
     * @return float32 logits {@code [N, classes]}, attached to {@code features}' manager
     */
    public NDArray logits(NDArray features) {
        Shape shape = features.getShape();
        if (shape.dimension() != 2 || shape.get(1) != weight.getShape().get(0)) {
            throw new IllegalArgumentException(
                    "features must be [N, " + weight.getShape().get(0) + "], got " + shape);
        }
        NDManager caller = features.getManager();
        try (NDManager scope = caller.newSubManager(features.getDevice())) {
            Borrowing.borrow(scope, features);
            NDArray logits = standardized(features).matMul(weight).add(bias);
            logits.attach(caller);
            return logits;
        }
    }

    /**
     * Predicts the highest-scoring class.
     *
     * @param features frozen features {@code [N, D]}
     * @return int64 classes {@code [N]}, attached to {@code features}' manager
     */
    public NDArray predict(NDArray features) {
        try (NDArray logits = logits(features)) {
            NDArray classes = logits.argMax(1).toType(DataType.INT64, false);
            classes.attach(features.getManager());
            return classes;
        }
    }

    /**
     * Applies the training-set standardisation (identity when off). The result joins the
     * manager of {@code features}.
     */
    NDArray standardized(NDArray features) {
        NDArray x = features.toType(DataType.FLOAT32, false);
        return mean == null ? x : x.sub(mean).div(std);
    }

    /** Frees the weights and statistics. */
    @Override
    public void close() {
        manager.close();
    }
}
