package org.igdlab.runner.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A point in time by which something must be done. Deadlines, not fresh timeouts, are passed
 * down: an inner call gets what remains of its caller's time (labgrid's {@code Timeout.remaining}),
 * so a step can never take longer than the step that contains it.
 *
 * <p>Time comes from the injected {@link Clock}, so waits can be tested with a fake clock.
 */
public record Deadline(Clock clock, Instant at) {

    public Deadline {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(at, "at");
    }

    public static Deadline after(Clock clock, Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget (" + budget + ") must not be negative");
        }
        return new Deadline(clock, clock.instant().plus(budget));
    }

    public static Deadline after(Duration budget) {
        return after(Clock.systemUTC(), budget);
    }

    /** What is left, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean expired() {
        return !clock.instant().isBefore(at);
    }

    /** The earlier of this deadline and {@code budget} from now: a step's own limit inside its caller's. */
    public Deadline within(Duration budget) {
        Instant own = clock.instant().plus(budget);
        return own.isBefore(at) ? new Deadline(clock, own) : this;
    }

    /** Milliseconds left, at least 1, for APIs that take an int/long timeout and treat 0 as "forever". */
    public long remainingMillisAtLeastOne() {
        return Math.max(1, remaining().toMillis());
    }
}
