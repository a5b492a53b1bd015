package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Installed;

import java.util.Optional;

/**
 * Which QEMU build a cell runs on a host: the one place that decides it, for the command line, the
 * planner's host filter and the oracle's {@code qemu-band} / {@code qemu-version} conditions.
 *
 * <p>A cell at {@code qemu: default} runs the host's first installed artifact of kind {@code qemu}
 * (in inventory order; {@code lab qualify --candidate qemu=…} puts the candidate first). A cell that
 * names a build runs exactly that build, and only on a host that has it installed.
 */
public final class QemuBuild {
    /** The artifacts.yaml kind of a QEMU build. */
    public static final String KIND = "qemu";

    private QemuBuild() {
    }

    /** The build {@code cell} runs on {@code host}; empty when the host does not have it (or has no QEMU at all). */
    public static Optional<Installed> of(Cell cell, Host host) {
        Optional<String> named = cell.qemu();
        if (named.isEmpty()) {
            return host.installedOfKind(KIND);
        }
        String path = host.installed().get(named.get());
        return path == null ? Optional.empty()
                : host.artifacts().byName(named.get()).filter(a -> a.kind().equals(KIND)).map(a -> new Installed(a, path));
    }

    /** Like {@link #of} for a cell that must run: the error names the host, the cell and what the host has. */
    public static Installed required(Cell cell, Host host) {
        return of(cell, host).orElseThrow(() -> new IllegalArgumentException("host " + host.name()
                + " has no installed qemu build " + cell.qemu().orElse("(any)") + " needed by cell " + cell.id()
                + " (installed: " + host.installed().keySet() + ")"));
    }

    /** The band of the build {@code cell} runs on {@code host}; empty when it has none (or no build). */
    public static Optional<QemuBand> band(Cell cell, Host host) {
        return of(cell, host).flatMap(i -> QemuBand.of(i.artifact().version()));
    }
}
