package io.github.djlssl.core.schedule;

/**
 * A half-cosine from {@code base} at step 0 to {@code finalValue} at {@code totalSteps}, constant
 * afterwards.
 *
 * <p>{@code v(k) = final + (base - final)(1 + cos(pi k / K)) / 2} for {@code k < K}. With {@code
 * base = tau_base} and {@code final = 1} this is BYOL's target decay rate (Grill et al. 2020,
 * §3.2): {@code tau = 1 - (1 - tau_base)(cos(pi k / K) + 1) / 2}, e.g. 0.996 to 1; MoCo v3 and
 * DINO use the same EMA momentum schedule. It equals {@link WarmupCosineSchedule} with no
 * warm-up.
 *
 * @param base the value at step 0; finite
 * @param finalValue the value at and after {@code totalSteps}; finite
 * @param totalSteps the length K of the cosine; at least 1
 */
public record CosineSchedule(double base, double finalValue, long totalSteps) implements Schedule {

    /** Validates the arguments. */
    public CosineSchedule {
        ScheduleChecks.requireFinite("base", base);
        ScheduleChecks.requireFinite("finalValue", finalValue);
        ScheduleChecks.requirePositive("totalSteps", totalSteps);
    }

    @Override
    public double valueAt(long step) {
        return ScheduleChecks.cosine(base, finalValue, totalSteps, Math.max(0, step));
    }
}
