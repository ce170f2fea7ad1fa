package io.github.djlssl.core.schedule;

/**
 * A schedule that has the same value at every step (e.g. a fixed weight decay).
 *
 * @param value the value at every step; finite
 */
public record ConstantSchedule(double value) implements Schedule {

    /** Validates the value. */
    public ConstantSchedule {
        ScheduleChecks.requireFinite("value", value);
    }

    @Override
    public double valueAt(long step) {
        return value;
    }
}
