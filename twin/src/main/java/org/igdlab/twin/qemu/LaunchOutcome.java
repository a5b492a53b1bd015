package org.igdlab.twin.qemu;

/** What starting a virtual QEMU gave: a running process, or an early exit (code or signal). */
public sealed interface LaunchOutcome {
    record Running(QemuProcess process) implements LaunchOutcome { }

    record Exited(int pid, Integer exitCode, String exitSignal) implements LaunchOutcome { }
}
