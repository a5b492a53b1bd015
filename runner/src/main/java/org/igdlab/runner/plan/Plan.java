package org.igdlab.runner.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What a run will do: an immutable value that {@code lab plan} prints and {@code lab run} executes. */
public record Plan(String suite, List<PlannedCell> cells, List<SkippedCell> skipped) {
    public Plan {
        Objects.requireNonNull(suite, "suite");
        cells = List.copyOf(cells);
        skipped = List.copyOf(skipped);
        Set<String> ids = new HashSet<>();
        for (PlannedCell c : cells) {
            if (!ids.add(c.cell().id())) {
                throw new IllegalArgumentException("cell id (" + c.cell().id() + ") planned twice");
            }
        }
        for (SkippedCell s : skipped) {
            if (!ids.add(s.cell().id())) {
                throw new IllegalArgumentException("cell id (" + s.cell().id() + ") both planned and skipped");
            }
        }
    }
}
