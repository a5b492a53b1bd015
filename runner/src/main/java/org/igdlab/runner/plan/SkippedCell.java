package org.igdlab.runner.plan;

import org.igdlab.runner.scenario.Cell;

import java.util.Objects;

/** A cell that will not run, and why. */
public record SkippedCell(Cell cell, String reason) {
    public SkippedCell {
        Objects.requireNonNull(cell, "cell");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("skipped cell " + cell.id() + " needs a reason");
        }
    }
}
