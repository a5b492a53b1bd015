package org.igdlab.runner.host;

import java.time.Duration;
import java.util.Optional;

/**
 * The host did not come back after a reboot (or never went down): the message says how long was
 * waited, what the last attempt saw, and whether a power cycle was tried and how it ended.
 */
public final class HostNotBackException extends RebootException {

    private final Optional<PowerResult> powerCycle;
    private final boolean wentDown;

    HostNotBackException(String host, String release, Duration elapsed, boolean wentDown,
            Optional<PowerResult> powerCycle, String message, Throwable cause) {
        super(host, release, elapsed, message, cause);
        this.wentDown = wentDown;
        this.powerCycle = powerCycle;
    }

    /** The power cycle that was tried, if any. */
    public Optional<PowerResult> powerCycle() {
        return powerCycle;
    }

    /** False when the host never even dropped the connection after {@code reboot}. */
    public boolean wentDown() {
        return wentDown;
    }
}
