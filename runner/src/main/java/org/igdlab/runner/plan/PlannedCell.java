package org.igdlab.runner.plan;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.scenario.Cell;
import org.igdlab.runner.scenario.Expectation;
import org.igdlab.runner.scenario.QemuBuild;

import java.util.Objects;

/** A cell, the host it runs on, and what it should show there. */
public record PlannedCell(Cell cell, Host host, Expectation expectation) {
    public PlannedCell {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(expectation, "expectation");
        if (host.generation() != cell.generation()) {
            throw new IllegalArgumentException("cell " + cell.id() + " (" + cell.generation().id()
                    + ") assigned to host " + host.name() + " of generation " + host.generation().id());
        }
        if (!cell.runsOn(host)) {
            throw new IllegalArgumentException("cell " + cell.id() + " (host-class " + cell.axis("host-class")
                    + ") assigned to host " + host.name() + " whose IGD has class " + host.igd().classCode());
        }
        cell.kernel().ifPresent(k -> {
            if (!host.kernels().contains(k)) {
                throw new IllegalArgumentException("cell " + cell.id() + " needs kernel " + k + ", which host "
                        + host.name() + " has not installed (kernels " + host.kernels() + ")");
            }
        });
        if (cell.qemu().isPresent() && QemuBuild.of(cell, host).isEmpty()) {
            throw new IllegalArgumentException("cell " + cell.id() + " needs qemu build " + cell.qemu().get()
                    + ", which host " + host.name() + " has not installed (installed: " + host.installed().keySet() + ")");
        }
    }

    /** The kernel release the host must run for this cell: the one the cell names, or the host's default. */
    public String kernel() {
        return cell.kernel().orElse(host.kernel());
    }
}
