package org.igdlab.runner.qemu;

import java.util.Objects;
import java.util.Optional;

/**
 * A QMP command failed: QEMU answered with an error ({@link #errorClass()} and {@link #description()}),
 * or the monitor did not answer in time, or the stream broke (then the cause is chained).
 */
public final class QmpException extends Exception {

    private final String command;
    private final Optional<String> errorClass;
    private final String description;

    /** QEMU's {@code {"error": {"class": ..., "desc": ...}}}. */
    public QmpException(String command, String errorClass, String description) {
        super("QMP " + command + " failed: " + errorClass + ": " + description);
        this.command = Objects.requireNonNull(command, "command");
        this.errorClass = Optional.of(errorClass);
        this.description = description;
    }

    /** No answer, or no stream: {@code problem} says which. */
    QmpException(String command, String problem, Throwable cause) {
        super("QMP " + command + ": " + problem, cause);
        this.command = Objects.requireNonNull(command, "command");
        this.errorClass = Optional.empty();
        this.description = problem;
    }

    public String command() {
        return command;
    }

    /** QEMU's error class ({@code GenericError}, {@code CommandNotFound}, ...); empty when QEMU did not answer. */
    public Optional<String> errorClass() {
        return errorClass;
    }

    public String description() {
        return description;
    }
}
