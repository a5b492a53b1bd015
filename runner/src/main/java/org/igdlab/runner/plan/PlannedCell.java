package org.igdlab.runner.plan;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.scenario.Cell;
import org.igdlab.runner.scenario.Expectation;

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
    }
}
