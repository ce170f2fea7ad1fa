package io.github.djlssl.core.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A per-forward native-memory scope: intermediates of one block die when the block returns.
 *
 * <p>Why: DJL attaches an op's result to the manager of its first input, so without a scope every
 * intermediate of a deep network (e.g. the {@code [B, H, N, N]} attention maps of all twelve ViT
 * blocks) stays alive until the caller closes its manager. Closing the Java handles early is safe
 * under autograd: the graph holds its own references to the tensors it saved for backward.
 *
 * <p>Usage: open on the block input, compute, pass the output through {@link #keep}. Arrays derived
 * from parameters (whose results land in the parameter's long-lived manager) must go through
 * {@link #own}, or they would leak one handle per forward into the model's manager.
 */
final class ForwardScope implements AutoCloseable {

    private final NDManager caller;
    private final NDManager scope;

    /**
     * Opens a scope whose intermediates are freed on close; the input itself survives.
     *
     * @param input the block input; temporarily attached so that ops on it land in this scope
     */
    ForwardScope(NDArray input) {
        caller = input.getManager();
        scope = caller.newSubManager();
        scope.tempAttachAll(input);
    }

    /**
     * Moves an array that an op on a parameter produced into this scope.
     *
     * @param array e.g. {@code positionalEmbedding.get(index)}
     * @return the same array, now freed with the scope
     */
    NDArray own(NDArray array) {
        array.attach(scope);
        return array;
    }

    /**
     * Moves a result out of this scope to the caller's manager.
     *
     * @param result the block output
     * @return the same array, now owned by the manager of the block input
     */
    NDArray keep(NDArray result) {
        result.attach(caller);
        return result;
    }

    /** Frees every intermediate and returns the input to its own manager. */
    @Override
    public void close() {
        scope.close();
    }
}
