package io.github.djlssl.core.schedule;

/**
 * A linear ramp: {@code numpy.linspace(start, end, steps)}, then {@code end} forever.
 *
 * <p>Step {@code k < steps} has value {@code start + k (end - start) / (steps - 1)}; step {@code
 * steps - 1} and later have {@code end}. This is DINO's teacher-temperature warm-up ({@code
 * np.linspace(warmup_teacher_temp, teacher_temp, warmup_teacher_temp_epochs)} followed by {@code
 * teacher_temp}; 0.04 to 0.07 over 30 epochs), and the warm-up part of {@link
 * WarmupCosineSchedule}. With {@code steps == 1} the single point is {@code start}, as in numpy.
 *
 * @param start the value at step 0; finite
 * @param end the value from step {@code steps - 1} on; finite
 * @param steps the number of ramp points; at least 1
 */
public record LinearSchedule(double start, double end, long steps) implements Schedule {

    /** Validates the arguments. */
    public LinearSchedule {
        ScheduleChecks.requireFinite("start", start);
        ScheduleChecks.requireFinite("end", end);
        ScheduleChecks.requirePositive("steps", steps);
    }

    @Override
    public double valueAt(long step) {
        if (step >= steps) {
            return end;
        }
        return ScheduleChecks.linspace(start, end, steps, Math.max(0, step));
    }
}
