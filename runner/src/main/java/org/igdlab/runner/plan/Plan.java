package org.igdlab.runner.plan;

import org.igdlab.runner.scenario.Exclusion;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a run will do: an immutable value that {@code lab plan} prints and {@code lab run} executes.
 *
 * @param coverage    how the cells were chosen, e.g. {@code full} or {@code pairwise (seed 1)}
 * @param productSize the number of combinations of the suite's axes, before constraints
 * @param skipped     cells that will not run, each with its reason: no host for the generation,
 *                    or (full coverage) excluded by a suite constraint
 * @param constraints the suite's constraints, each with its reason
 */
public record Plan(String suite, String coverage, int productSize, List<PlannedCell> cells, List<SkippedCell> skipped,
                   List<Exclusion> constraints) {
    public Plan {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(coverage, "coverage");
        cells = List.copyOf(cells);
        skipped = List.copyOf(skipped);
        constraints = List.copyOf(constraints);
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

    /** A full-product plan without constraints. */
    public Plan(String suite, List<PlannedCell> cells, List<SkippedCell> skipped) {
        this(suite, "full", cells.size() + skipped.size(), cells, skipped, List.of());
    }
}
