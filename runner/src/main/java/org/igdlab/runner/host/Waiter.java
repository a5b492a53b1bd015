package org.igdlab.runner.host;

import java.time.Duration;
import java.util.Objects;

import org.igdlab.runner.time.Deadline;

/**
 * Polls until done, failed, or the deadline: each attempt gets its own small deadline inside the
 * overall one, and the pause between attempts doubles from {@code firstPause} up to
 * {@code maxPause}. Time and sleeping are injected, so a test waits in no real time.
 */
final class Waiter {

    /** How {@link Waiter} pauses; a test advances its fake clock instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(Math.max(1, d.toMillis()));
    }

    @FunctionalInterface
    interface Attempt<T> {
        Poll<T> attempt(Deadline attemptDeadline) throws InterruptedException;
    }

    /** How a wait ended: the last poll (NotYet when the deadline passed), how many attempts it took. */
    record Outcome<T>(Poll<T> last, int attempts, Duration waited) {
    }

    private final Sleeper sleeper;
    private final Duration attemptBudget;
    private final Duration firstPause;
    private final Duration maxPause;

    Waiter(Sleeper sleeper, Duration attemptBudget, Duration firstPause, Duration maxPause) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.attemptBudget = positive("attemptBudget", attemptBudget);
        this.firstPause = positive("firstPause", firstPause);
        this.maxPause = positive("maxPause", maxPause);
    }

    <T> Outcome<T> until(Deadline deadline, Attempt<T> attempt) throws InterruptedException {
        var start = deadline.clock().instant();
        Poll<T> last = Poll.notYet("no attempt was made before the deadline");
        int attempts = 0;
        Duration pause = firstPause;
        while (!deadline.expired()) {
            attempts++;
            last = attempt.attempt(deadline.within(attemptBudget));
            if (!(last instanceof Poll.NotYet)) {
                break;
            }
            Duration left = deadline.remaining();
            if (left.isZero()) {
                break;
            }
            sleeper.sleep(pause.compareTo(left) < 0 ? pause : left);
            Duration doubled = pause.multipliedBy(2);
            pause = doubled.compareTo(maxPause) < 0 ? doubled : maxPause;
        }
        return new Outcome<>(last, attempts, Duration.between(start, deadline.clock().instant()));
    }

    private static Duration positive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " (" + value + ") must be positive");
        }
        return value;
    }
}
