package org.igdlab.runner.verdict;

import java.util.Objects;
import java.util.Optional;

/**
 * What a cell showed: whether QEMU started, its stderr, and the guest's IGD registers (empty
 * when the guest could not be probed).
 */
public record Observation(boolean qemuStarted, String qemuStderr, Optional<IgdRegisters> guest) {
    public Observation {
        Objects.requireNonNull(qemuStderr, "qemuStderr");
        Objects.requireNonNull(guest, "guest");
    }
}
