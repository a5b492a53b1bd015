package org.igdlab.runner.host;

import java.util.Objects;

/**
 * One look at something being waited for (testcontainers' {@code NOT_YET_KNOWN | SUCCESSFUL |
 * FAILED}): not yet (keep waiting), done (with the value), or failed (stop at once, do not wait
 * out the deadline).
 */
sealed interface Poll<T> permits Poll.NotYet, Poll.Done, Poll.Failed {

    record NotYet<T>(String why) implements Poll<T> {
        public NotYet {
            Objects.requireNonNull(why, "why");
        }
    }

    record Done<T>(T value) implements Poll<T> {
    }

    record Failed<T>(Exception cause) implements Poll<T> {
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }
    }

    static <T> Poll<T> notYet(String why) {
        return new NotYet<>(why);
    }

    static <T> Poll<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Poll<T> failed(Exception cause) {
        return new Failed<>(cause);
    }
}
