package org.igdlab.runner.host;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What {@code launch} reported: QEMU still running after the agent's grace period, or exited (with its status). */
public record LaunchReply(String cellDir, boolean running, OptionalLong pid, OptionalInt exitCode,
        Optional<String> exitSignal, AgentReply raw) {

    public LaunchReply {
        Objects.requireNonNull(cellDir, "cellDir");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(exitSignal, "exitSignal");
        Objects.requireNonNull(raw, "raw");
    }
}
