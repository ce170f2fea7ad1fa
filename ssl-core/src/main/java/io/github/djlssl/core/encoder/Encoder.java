package io.github.djlssl.core.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A vision backbone: a DJL {@link Block} that maps a float image batch {@code [B, C, H, W]} to
 * pooled features {@code [B, featureDim()]}.
 *
 * <p>{@code forward(ps, new NDList(images), training)} returns a singleton list holding the
 * pooled features. Evaluation (kNN, linear probe) and export only ever need this interface;
 * methods that work on tokens use {@link TokenEncoder}.
 */
public interface Encoder extends Block {

    /**
     * Returns the short architecture name, e.g. {@code resnet18}, {@code resnet18-w16} or {@code
     * vit-tiny-p16}.
     *
     * @return the name used in logs, run directories and exports
     */
    String architecture();

    /**
     * Returns the width of the pooled feature.
     *
     * @return D in {@code [B, D]}
     */
    int featureDim();

    /**
     * Returns the input shape one image must have.
     *
     * @return {@code (C, H, W)}
     */
    Shape inputShape();

    /**
     * Returns a new, uninitialised encoder of exactly this architecture (same hyper-parameters,
     * same parameter names), e.g. the EMA teacher of a student.
     *
     * @return a fresh block; its parameters are not shared with this one
     */
    Encoder freshCopy();

    /**
     * Computes pooled features.
     *
     * @param parameterStore the parameter store of the caller (trainer or a plain one)
     * @param images float images {@code [B, C, H, W]}, already normalised
     * @param training whether batch statistics and dropout are in training mode
     * @return features {@code [B, featureDim()]}
     */
    default NDArray features(ParameterStore parameterStore, NDArray images, boolean training) {
        return forward(parameterStore, new NDList(images), training).singletonOrThrow();
    }
}
