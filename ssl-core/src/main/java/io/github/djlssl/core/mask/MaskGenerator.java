package io.github.djlssl.core.mask;

import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.random.Rng;

/**
 * Draws a batch of patch masks. Implementations: {@link RandomMaskGenerator} (MAE), {@link
 * BlockMaskGenerator} (BEiT), {@link SimMimMaskGenerator} (SimMIM).
 */
public interface MaskGenerator {

    /**
     * Returns the grid the masks are drawn on.
     *
     * @return the patch grid
     */
    PatchGrid grid();

    /**
     * Draws masks for a batch.
     *
     * @param manager owner of the returned arrays; its device is used
     * @param batchSize {@code B}, &ge; 1
     * @param rng the source of every random draw (advanced by the call)
     * @return {@code B} masks in the package's convention
     */
    PatchMask generate(NDManager manager, int batchSize, Rng rng);
}
