package io.github.djlssl.core.schedule;

/** Argument checks shared by the schedule records; messages name the field and the bad value. */
final class ScheduleChecks {

    private ScheduleChecks() {}

    static void requireFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, got " + value);
        }
    }

    static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
    }

    static void requirePositive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
    }

    /**
     * Point {@code i} of {@code numpy.linspace(start, end, n)}: the last point is {@code end}
     * exactly, as numpy sets it.
     */
    static double linspace(double start, double end, long n, long i) {
        if (i >= n - 1) {
            return n == 1 ? start : end;
        }
        return start + i * ((end - start) / (n - 1));
    }

    /**
     * Cosine from {@code base} (at 0) to {@code end} (at {@code n}), written exactly as DINO's
     * {@code cosine_scheduler}: {@code end + 0.5 (base - end)(1 + cos(pi i / n))}.
     */
    static double cosine(double base, double end, long n, long i) {
        if (i >= n) {
            return end;
        }
        return end + 0.5 * (base - end) * (1 + Math.cos(Math.PI * i / n));
    }
}
