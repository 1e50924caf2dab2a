package io.gitopsflow.spec.analysis.condition;

/**
 * expr-lang's {@code time.Time} ({@code now()}) and {@code time.Duration} ({@code duration('10m')}), in seconds: what
 * a range query's {@code start} and {@code end} compute.
 *
 * @param seconds seconds since the epoch for a time, the length for a duration
 * @param duration whether this is a duration
 */
record ExprTime(double seconds, boolean duration) {

    @Override
    public String toString() {
        return duration ? ExprValues.goFloat(seconds) + "s" : ExprValues.goFloat(seconds);
    }
}
