package org.igdlab.runner.plan;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.scenario.Cell;
import org.igdlab.runner.scenario.CellSelection;
import org.igdlab.runner.scenario.Coverage;
import org.igdlab.runner.scenario.ExcludedCell;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.Suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a suite into a plan: the suite's cells (its coverage and constraints decide which, see
 * {@link CellSelection}), in suite order, each on a host of its generation (round-robin in
 * inventory order, so the same inputs always give the same plan) with its expectation resolved.
 * A generation without hosts makes its cells skipped; so does a constraint (full coverage). Each
 * host with cells gets the suite's control cells first ({@link ControlPlan}).
 */
public final class Planner {
    private Planner() {
    }

    /**
     * @throws IllegalStateException when the expectations leave a field of a planned cell unset
     */
    public static Plan plan(Suite suite, Inventory inventory, Expectations expectations) {
        HostAssignment hosts = new HostAssignment(inventory);
        List<PlannedCell> planned = new ArrayList<>();
        List<SkippedCell> skipped = new ArrayList<>();
        CellSelection selection = suite.select();
        for (Cell cell : selection.cells()) {
            Optional<Host> host = hosts.next(cell.generation());
            if (host.isEmpty()) {
                skipped.add(new SkippedCell(cell, "no host of generation " + cell.generation().id()
                        + " in inventory " + inventory.source()));
                continue;
            }
            planned.add(new PlannedCell(cell, host.get(), expectations.expect(cell, host.get())));
        }
        for (ExcludedCell x : selection.excluded()) {
            skipped.add(new SkippedCell(x.cell(), x.reason()));
        }
        String coverage = suite.coverage() == Coverage.FULL ? Coverage.FULL.id()
                : suite.coverage().id() + " (seed " + suite.seed() + ")";
        return new Plan(suite.name(), coverage, suite.size(), ControlPlan.withControlCells(suite, planned), skipped,
                suite.constraints());
    }
}
