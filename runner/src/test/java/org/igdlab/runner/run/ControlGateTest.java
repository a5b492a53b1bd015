package org.igdlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.PlannedCell;
import org.igdlab.runner.plan.Planner;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.SuiteLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-host gate: a host's cells run only after its control cells, and only if they passed. */
class ControlGateTest {

    static Plan plan;

    @BeforeAll
    static void planTheNightlySuiteOnTheTwin() throws Exception {
        Inventory twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
        plan = Planner.plan(SuiteLoader.load(Path.of("../scenarios/suites/nightly.yaml")), twin,
                Expectations.load(Path.of("../scenarios/expectations.yaml")));
    }

    static PlannedCell cell(String id) {
        return plan.cells().stream().filter(c -> c.cell().id().equals(id)).findFirst().orElseThrow();
    }

    static List<PlannedCell> controlCells(String host) {
        return plan.cells().stream().filter(c -> c.cell().isControl() && c.host().name().equals(host)).toList();
    }

    static PlannedCell igdCell(String host) {
        return plan.cells().stream().filter(c -> !c.cell().isControl() && c.host().name().equals(host)).findFirst().orElseThrow();
    }

    static CellOutcome passed(PlannedCell c) {
        return new CellOutcome.Passed(c.cell().id(), c.host().name(), Duration.ofSeconds(1), List.of("ok"));
    }

    @Test
    void aHostsCellRunsOnceAllItsControlCellsPassed() {
        ControlGate gate = new ControlGate(plan, Duration.ofMillis(50));
        controlCells("kbl-01").forEach(c -> assertThat(gate.admit(c)).as("a control cell always may run").isEmpty());
        controlCells("kbl-01").forEach(c -> gate.ended(c, passed(c)));

        assertThat(gate.admit(igdCell("kbl-01"))).isEmpty();
    }

    @Test
    void aHostsCellDoesNotRunWhileItsControlCellsHaveNotEnded() {
        ControlGate gate = new ControlGate(plan, Duration.ofMillis(50));
        PlannedCell first = controlCells("kbl-01").get(0);
        gate.ended(first, passed(first));

        Optional<CellOutcome> outcome = gate.admit(igdCell("kbl-01"));

        assertThat(outcome).get().isInstanceOfSatisfying(CellOutcome.Broken.class, b -> {
            assertThat(b.step()).isEqualTo("control cell");
            assertThat(b.message()).isEqualTo("host kbl-01: its control cells [control.kbl-01.pc.seabios, "
                    + "control.kbl-01.q35.ovmf] did not end within 0s; not running this cell");
        });
    }

    @Test
    void aBrokenControlCellBreaksItsHostsCellsNamingItAndWhyAndLeavesOtherHostsAlone() {
        ControlGate gate = new ControlGate(plan, Duration.ofMillis(50));
        List<PlannedCell> cfl = controlCells("cfl-02");
        gate.ended(cfl.get(0), new CellOutcome.Broken(cfl.get(0).cell().id(), "cfl-02", Duration.ofSeconds(3), "verdict",
                "host=cfl-02 control cell control.cfl-02.pc.seabios (lab, not product): expected QEMU to start"));
        gate.ended(cfl.get(1), passed(cfl.get(1)));
        controlCells("snb-01").forEach(c -> gate.ended(c, passed(c)));

        CellOutcome outcome = gate.admit(igdCell("cfl-02")).orElseThrow();

        assertThat(outcome).isInstanceOf(CellOutcome.Broken.class);
        assertThat(outcome.cellId()).isEqualTo(igdCell("cfl-02").cell().id());
        assertThat(((CellOutcome.Broken) outcome).message()).isEqualTo("host cfl-02 failed its control cell "
                + "control.cfl-02.pc.seabios: broken at step 'verdict': host=cfl-02 control cell "
                + "control.cfl-02.pc.seabios (lab, not product): expected QEMU to start");
        assertThat(gate.admit(igdCell("snb-01"))).isEmpty();
    }

    @Test
    void aControlCellThatEndedWithoutAnOutcomeCountsAsNotPassed() {
        ControlGate gate = new ControlGate(plan, Duration.ofMillis(50));
        controlCells("hsw-01").forEach(c -> gate.ended(c, null));

        assertThat(gate.admit(igdCell("hsw-01"))).get().extracting(o -> ((CellOutcome.Broken) o).message()).asString()
                .startsWith("host hsw-01 failed its control cell control.hsw-01.pc.seabios: broken at step 'run'");
    }

    @Test
    void aPlanWithoutControlCellsGatesNothing() {
        Plan without = new Plan(plan.suite(), plan.cells().stream().filter(c -> !c.cell().isControl()).toList(), List.of());
        ControlGate gate = new ControlGate(without, Duration.ofMillis(50));

        assertThat(gate.admit(igdCell("kbl-01"))).isEmpty();
    }
}
