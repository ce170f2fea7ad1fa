package io.github.djlssl.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Temporarily attaches the caller's arrays to a work scope, so every temporary derived from them
 * (an op's result joins its first input's manager) is freed with the scope instead of piling up in
 * the caller's manager. The arrays return to their own managers when the scope closes.
 */
final class Borrowing {

    private Borrowing() {}

    /**
     * Borrows each distinct array once: borrowing the same array twice would record the scope as
     * its "original" manager and close it with the scope.
     *
     * @param scope the work scope; must be closed before the caller uses the arrays' managers again
     * @param arrays the caller's arrays (duplicates allowed)
     */
    static void borrow(NDManager scope, NDArray... arrays) {
        Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (NDArray array : arrays) {
            if (seen.add(array)) {
                array.tempAttach(scope);
            }
        }
    }
}
