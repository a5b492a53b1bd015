package org.igdlab.twin.host;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.igdlab.twin.qemu.LaunchOutcome;
import org.igdlab.twin.qemu.QemuProcess;

/** One cell's QEMU, as the agent tracks it: running, or exited with a code or signal. */
record Cell(String id, Path dir, int pid, LaunchOutcome outcome) {
    boolean running() {
        return outcome instanceof LaunchOutcome.Running r && r.process().isRunning();
    }

    OptionalInt exitCode() {
        if (outcome instanceof LaunchOutcome.Running r) return r.process().exitCode();
        Integer code = ((LaunchOutcome.Exited) outcome).exitCode();
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    Optional<String> exitSignal() {
        if (outcome instanceof LaunchOutcome.Running r) return r.process().exitSignal();
        return Optional.ofNullable(((LaunchOutcome.Exited) outcome).exitSignal());
    }

    void signal(String name) {
        if (outcome instanceof LaunchOutcome.Running r) r.process().signal(name);
    }

    void kill() {
        signal("KILL");
    }

    Optional<QemuProcess> process() {
        return outcome instanceof LaunchOutcome.Running r ? Optional.of(r.process()) : Optional.empty();
    }
}
