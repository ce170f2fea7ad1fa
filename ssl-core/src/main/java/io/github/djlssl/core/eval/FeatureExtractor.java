package io.github.djlssl.core.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.encoder.Encoder;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Function;

/**
 * Batched extraction of frozen pooled features {@code [N, D]} from an {@link Encoder}.
 *
 * <p>The encoder runs in <b>eval mode</b> ({@code training = false}): BatchNorm uses its running
 * statistics, so a sample's feature does not depend on which other samples share its batch, and
 * dropout is off. No gradient collector is opened and the features are detached; call this
 * outside the trainer's gradient scope (between steps or epochs). Parameters are read through a
 * fresh {@code ParameterStore(manager, false)} that copies them to {@code device} once per call when
 * they live elsewhere; those copies are freed when the call returns.
 *
 * <p>Memory: each batch runs in its own sub-manager that is closed after its features are copied
 * into one preallocated float32 output, so peak memory is one batch of activations plus the
 * output. No per-batch host synchronisation ({@code toArray}) happens.
 */
public final class FeatureExtractor {

    private FeatureExtractor() {}

    /**
     * Extracts features of a whole image tensor in batches.
     *
     * @param encoder an initialised encoder
     * @param images images {@code [N, C, H, W]} (typically uint8) on any device; they are sliced
     *     and moved to {@code device} one batch at a time
     * @param preprocess maps one raw batch on {@code device} to the normalised float input {@code
     *     [b, C, H, W]} the encoder expects (e.g. {@code x -> normalise(x.toType(FLOAT32) / 255)})
     * @param batchSize images per forward pass, &gt; 0 (need not divide N)
     * @param device where the encoder runs
     * @return float32 features {@code [N, featureDim]} on {@code device}, attached to {@code
     *     images.getManager()}
     */
    public static NDArray extract(
            Encoder encoder,
            NDArray images,
            Function<NDArray, NDArray> preprocess,
            int batchSize,
            Device device) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(preprocess, "preprocess");
        Objects.requireNonNull(device, "device");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        Shape shape = images.getShape();
        if (shape.dimension() < 2 || shape.get(0) == 0) {
            throw new IllegalArgumentException("images must be a non-empty batch, got shape " + shape);
        }
        requireInitialized(encoder);
        long n = shape.get(0);
        NDManager caller = images.getManager();
        try (NDManager scope = caller.newSubManager(device)) {
            ParameterStore parameters = new ParameterStore(scope, false);
            NDArray out = scope.zeros(new Shape(n, encoder.featureDim()), DataType.FLOAT32);
            for (long start = 0; start < n; start += batchSize) {
                long end = Math.min(n, start + batchSize);
                try (NDManager batchScope = scope.newSubManager()) {
                    NDArray raw = images.get(NDIndex.sliceAxis(0, start, end));
                    raw.attach(batchScope); // the slice lands in images' manager: move it into the batch scope
                    NDArray features = forward(encoder, parameters, raw, preprocess, device);
                    out.set(NDIndex.sliceAxis(0, start, end), features);
                }
            }
            return scope.ret(out);
        }
    }

    /**
     * Extracts features of a stream of image batches (e.g. a data loader's test split).
     *
     * <p>The batches stay owned by the caller (they are not closed); only their features are kept,
     * and concatenated once at the end.
     *
     * @param encoder an initialised encoder
     * @param batches raw image batches {@code [b_i, C, H, W]} on any device; at least one
     * @param preprocess maps one raw batch on {@code device} to the normalised float encoder input
     * @param device where the encoder runs
     * @param resultManager owner of the result
     * @return float32 features {@code [sum b_i, featureDim]} on {@code device}
     */
    public static NDArray extract(
            Encoder encoder,
            Iterator<NDArray> batches,
            Function<NDArray, NDArray> preprocess,
            Device device,
            NDManager resultManager) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(preprocess, "preprocess");
        Objects.requireNonNull(device, "device");
        requireInitialized(encoder);
        if (!batches.hasNext()) {
            throw new IllegalArgumentException("batches must hold at least one batch");
        }
        try (NDManager scope = resultManager.newSubManager(device)) {
            ParameterStore parameters = new ParameterStore(scope, false);
            NDList collected = new NDList();
            while (batches.hasNext()) {
                NDArray raw = batches.next();
                try (NDManager batchScope = scope.newSubManager()) {
                    // Borrow the caller's batch so every temporary derived from it lands in the
                    // batch scope; it goes back to its own manager when the scope closes.
                    raw.tempAttach(batchScope);
                    NDArray features = forward(encoder, parameters, raw, preprocess, device);
                    features.attach(scope); // keep it past the batch scope
                    collected.add(features);
                }
            }
            NDArray out = collected.size() == 1 ? collected.get(0) : NDArrays.concat(collected, 0);
            return scope.ret(out);
        }
    }

    private static NDArray forward(
            Encoder encoder,
            ParameterStore parameters,
            NDArray raw,
            Function<NDArray, NDArray> preprocess,
            Device device) {
        NDArray input = preprocess.apply(raw.toDevice(device, false));
        NDArray features = encoder.features(parameters, input, false);
        if (features.getShape().dimension() != 2) {
            throw new IllegalStateException(
                    "encoder " + encoder.architecture() + " returned features of shape "
                            + features.getShape() + ", expected [B, D]");
        }
        // Detach: if a caller's gradient scope is open, the copy must not join its graph.
        return features.stopGradient().toType(DataType.FLOAT32, false);
    }

    private static void requireInitialized(Encoder encoder) {
        if (!encoder.isInitialized()) {
            throw new IllegalStateException(
                    "encoder " + encoder.architecture() + " must be initialised before extraction");
        }
    }
}
