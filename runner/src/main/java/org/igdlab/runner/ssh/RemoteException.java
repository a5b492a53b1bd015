package org.igdlab.runner.ssh;

import java.time.Duration;
import java.util.Objects;

/**
 * Something went wrong talking to a host over SSH. The message always names the host (inventory
 * name and address), the step (a shell-quoted command, an upload, a socket), how long it ran and
 * why; the cause is chained.
 */
public class RemoteException extends Exception {

    private final String host;
    private final String address;
    private final String step;
    private final Duration duration;

    public RemoteException(String host, String address, String step, Duration duration, String detail,
            Throwable cause) {
        super(format(host, address, step, duration, detail), cause);
        this.host = Objects.requireNonNull(host, "host");
        this.address = Objects.requireNonNull(address, "address");
        this.step = Objects.requireNonNull(step, "step");
        this.duration = Objects.requireNonNull(duration, "duration");
    }

    public String host() {
        return host;
    }

    /** {@code address:port}. */
    public String address() {
        return address;
    }

    public String step() {
        return step;
    }

    public Duration duration() {
        return duration;
    }

    static String format(String host, String address, String step, Duration duration, String detail) {
        return "host=" + host + " (" + address + ") step=" + step + ": " + detail + " after "
                + seconds(duration);
    }

    /** A duration for people: {@code 0.4s}. */
    public static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
