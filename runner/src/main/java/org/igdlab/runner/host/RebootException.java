package org.igdlab.runner.host;

import java.time.Duration;
import java.util.Objects;

/** A reboot into a kernel did not end with the host up in that kernel. The message names host, step, expected and observed, and durations. */
public abstract class RebootException extends Exception {

    private final String host;
    private final String release;
    private final Duration elapsed;

    RebootException(String host, String release, Duration elapsed, String message, Throwable cause) {
        super(message, cause);
        this.host = Objects.requireNonNull(host, "host");
        this.release = Objects.requireNonNull(release, "release");
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    }

    public String host() {
        return host;
    }

    /** The kernel the reboot was meant to start. */
    public String release() {
        return release;
    }

    /** From the {@code reboot} call to the failure. */
    public Duration elapsed() {
        return elapsed;
    }
}
