package org.igdlab.runner.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.scenario.Cell;
import org.igdlab.runner.scenario.ControlSpec;
import org.igdlab.runner.scenario.Expectation;
import org.igdlab.runner.scenario.QemuOutcome;
import org.igdlab.runner.scenario.RegisterExpectation;
import org.igdlab.runner.scenario.Suite;

/**
 * Where a suite's control cells go in a plan: each host that has cells gets one control cell per
 * control configuration and guest of the suite, placed just before that host's first cell, so that a host's
 * control cells come first in the plan as they do in the run.
 */
final class ControlPlan {

    /**
     * A control cell's expectation is built in, not read from expectations.yaml: QEMU starts and the
     * guest comes up. What the guest must show at 00:02.0 is judged by the run (verdict.ControlJudge);
     * no IGD register is checked.
     */
    static final Expectation EXPECTATION = new Expectation(new QemuOutcome.Starts(), List.of(), Set.of(),
            RegisterExpectation.UNCHECKED, RegisterExpectation.UNCHECKED, RegisterExpectation.UNCHECKED,
            RegisterExpectation.UNCHECKED, List.of("control"),
            List.of("built in: a control cell boots the guest with QEMU's emulated VGA at 00:02.0 (design.md,"
                    + " the real-components tier)"), Map.of());

    private ControlPlan() {
    }

    /** {@code cells} with each host's control cells inserted before that host's first cell. */
    static List<PlannedCell> withControlCells(Suite suite, List<PlannedCell> cells) {
        if (suite.control().isEmpty()) {
            return cells;
        }
        List<PlannedCell> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PlannedCell cell : cells) {
            if (seen.add(cell.host().name())) {
                out.addAll(controlCells(suite, cell.host()));
            }
            out.add(cell);
        }
        return List.copyOf(out);
    }

    static List<PlannedCell> controlCells(Suite suite, Host host) {
        List<PlannedCell> out = new ArrayList<>();
        // each guest image the suite boots gets its own health check
        for (String guest : suite.guests()) {
            for (ControlSpec spec : suite.control()) {
                Cell cell = Cell.control(host.name(), host.generation(), spec.machine(), spec.firmware(), guest);
                out.add(new PlannedCell(cell, host, EXPECTATION));
            }
        }
        return out;
    }
}
