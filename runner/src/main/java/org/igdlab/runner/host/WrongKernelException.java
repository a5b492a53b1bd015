package org.igdlab.runner.host;

import java.time.Duration;
import java.util.List;

/** The host came back, but not in the expected kernel, or without a required kernel command-line option. */
public final class WrongKernelException extends RebootException {

    private final String observedRelease;
    private final String observedCmdline;
    private final List<String> missingOptions;

    WrongKernelException(String host, String release, Duration elapsed, String observedRelease, String observedCmdline,
            List<String> missingOptions, String message) {
        super(host, release, elapsed, message, null);
        this.observedRelease = observedRelease;
        this.observedCmdline = observedCmdline;
        this.missingOptions = List.copyOf(missingOptions);
    }

    /** {@code uname -r} after the boot. */
    public String observedRelease() {
        return observedRelease;
    }

    public String observedCmdline() {
        return observedCmdline;
    }

    /** Required options the command line lacks (empty when only the release is wrong). */
    public List<String> missingOptions() {
        return missingOptions;
    }
}
