package io.github.djlssl.core.schedule;

/**
 * Linear warm-up followed by cosine decay, per iteration: DINO's {@code utils.cosine_scheduler}.
 *
 * <p>Steps {@code 0 .. W-1} are {@code numpy.linspace(warmupStart, base, W)}: step 0 has {@code
 * warmupStart} and step {@code W-1} has {@code base}. Steps {@code k >= W} follow the cosine {@code
 * final + (base - final)(1 + cos(pi (k - W) / (T - W))) / 2}, which starts at {@code base} again at
 * step {@code W} and reaches {@code final} at step {@code T}; later steps stay at {@code final}.
 * With {@code W = 0} this is exactly {@link CosineSchedule}. Typical uses: learning rate (warm-up
 * 10 epochs from 0, cosine to 1e-6), weight decay (DINO: 0.04 to 0.4, no warm-up) and EMA momentum
 * (0.996 to 1).
 *
 * @param base the peak value, reached at the end of warm-up; finite
 * @param finalValue the value at and after {@code totalSteps}; finite
 * @param warmupSteps the warm-up length W; 0 for none
 * @param totalSteps the schedule length T; at least {@code max(1, warmupSteps)}. When {@code T ==
 *     W} there is no cosine part and steps {@code >= W} have {@code finalValue}
 * @param warmupStart the value at step 0 when {@code W > 0}; finite
 */
public record WarmupCosineSchedule(
        double base, double finalValue, long warmupSteps, long totalSteps, double warmupStart)
        implements Schedule {

    /** Validates the arguments. */
    public WarmupCosineSchedule {
        ScheduleChecks.requireFinite("base", base);
        ScheduleChecks.requireFinite("finalValue", finalValue);
        ScheduleChecks.requireFinite("warmupStart", warmupStart);
        ScheduleChecks.requireNonNegative("warmupSteps", warmupSteps);
        ScheduleChecks.requirePositive("totalSteps", totalSteps);
        if (totalSteps < warmupSteps) {
            throw new IllegalArgumentException(
                    "totalSteps must be >= warmupSteps (" + warmupSteps + "), got " + totalSteps);
        }
    }

    /**
     * Creates a warm-up + cosine schedule whose warm-up starts from 0, the usual learning-rate
     * case.
     *
     * @param base the peak value
     * @param finalValue the value at the end
     * @param warmupSteps the warm-up length
     * @param totalSteps the schedule length
     * @return the schedule
     */
    public static WarmupCosineSchedule fromZero(
            double base, double finalValue, long warmupSteps, long totalSteps) {
        return new WarmupCosineSchedule(base, finalValue, warmupSteps, totalSteps, 0.0);
    }

    @Override
    public double valueAt(long step) {
        long k = Math.max(0, step);
        if (k < warmupSteps) {
            return ScheduleChecks.linspace(warmupStart, base, warmupSteps, k);
        }
        return ScheduleChecks.cosine(base, finalValue, totalSteps - warmupSteps, k - warmupSteps);
    }
}
