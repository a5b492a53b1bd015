package org.igdlab.runner.qemu;

import java.util.Objects;
import java.util.Optional;

/**
 * A guest agent request failed: the agent answered with an error, did not answer in time, the
 * stream broke, or (for probes) the guest command itself failed.
 */
public final class GuestAgentException extends Exception {

    private final String command;
    private final Optional<String> errorClass;

    public GuestAgentException(String command, String message) {
        this(command, Optional.empty(), message, null);
    }

    public GuestAgentException(String command, String message, Throwable cause) {
        this(command, Optional.empty(), message, cause);
    }

    GuestAgentException(String command, Optional<String> errorClass, String message, Throwable cause) {
        super("guest agent " + command + ": " + message, cause);
        this.command = Objects.requireNonNull(command, "command");
        this.errorClass = errorClass;
    }

    public String command() {
        return command;
    }

    /** The agent's error class when the agent itself refused. */
    public Optional<String> errorClass() {
        return errorClass;
    }
}
