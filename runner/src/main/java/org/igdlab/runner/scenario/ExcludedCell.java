package org.igdlab.runner.scenario;

import java.util.Objects;

/** A cell of the full product that a suite constraint keeps out of the run. */
public record ExcludedCell(Cell cell, Exclusion by) {
    public ExcludedCell {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(by, "by");
    }

    /** {@code excluded by romfile-efi-needs-ovmf: an EFI option ROM …}. */
    public String reason() {
        return "excluded by " + by.id() + ": " + by.reason();
    }
}
