package org.igdlab.runner.run;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import io.qameta.allure.Allure;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.PlannedCell;
import org.igdlab.runner.plan.SkippedCell;
import org.igdlab.runner.report.KnownIssues;
import org.igdlab.runner.scenario.Cell;
import org.slf4j.MDC;
import org.testng.SkipException;

/**
 * A run in progress, as the TestNG cells see it: the plan, one session per host, and the
 * outcomes recorded so far. Rows are ordered round-robin over the hosts so that the parallel
 * data provider starts every host's first cell before any host's second, and each host's control
 * cells come first; a host's other cells wait for them ({@link ControlGate}).
 */
final class RunContext {

    private static final Set<String> REPLACED_LABELS =
            Set.of("parentSuite", "suite", "subSuite", "host", "thread");

    private final String runId;
    private final Plan plan;
    private final Map<String, HostSession> sessions;
    private final CellExecutor executor;
    private final ControlGate controlGate;
    private final Map<String, PlannedCell> planned = new LinkedHashMap<>();
    private final Map<String, SkippedCell> skipped = new LinkedHashMap<>();
    private final List<String> rows;
    private final List<CellOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());

    RunContext(String runId, Plan plan, Map<String, HostSession> sessions, Clock clock, RunBudgets budgets) {
        this.runId = runId;
        this.plan = plan;
        this.sessions = Map.copyOf(sessions);
        this.executor = new CellExecutor(clock, budgets, runId);
        // a host's control cells run one after the other, each within the cell budget; a minute more for the rest
        long controlPerHost = plan.cells().stream().filter(c -> c.cell().isControl())
                .collect(java.util.stream.Collectors.groupingBy(c -> c.host().name(), java.util.stream.Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElse(1);
        this.controlGate = new ControlGate(plan, budgets.cell().multipliedBy(controlPerHost).plusMinutes(1));
        plan.cells().forEach(c -> planned.put(c.cell().id(), c));
        plan.skipped().forEach(s -> skipped.put(s.cell().id(), s));
        this.rows = interleaveByHost(plan);
    }

    String runId() {
        return runId;
    }

    Plan plan() {
        return plan;
    }

    List<String> rows() {
        return rows;
    }

    /** How many hosts work at once: one thread per host that has cells. */
    int parallelism() {
        return (int) Math.max(1, plan.cells().stream().map(c -> c.host().name()).distinct().count());
    }

    List<CellOutcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /** Runs one row: label the Allure test, run the cell on its host, and end the test as the outcome says. */
    void runCell(String cellId) {
        MDC.put("run", runId);
        MDC.put("cell", cellId);
        try {
            CellOutcome outcome;
            if (planned.containsKey(cellId)) {
                PlannedCell cell = planned.get(cellId);
                describe(cell.cell(), cell.host().name());
                outcome = runGated(cell);
            } else {
                SkippedCell cell = skipped.get(cellId);
                describe(cell.cell(), "none");
                outcome = new CellOutcome.Skipped(cellId, "none", Duration.ZERO, cell.reason());
            }
            outcomes.add(outcome);
            conclude(outcome);
        } finally {
            MDC.remove("cell");
            MDC.remove("run");
        }
    }

    /** Runs a cell once its host's control cells allow it ({@link ControlGate}), and tells the gate how it ended. */
    private CellOutcome runGated(PlannedCell cell) {
        CellOutcome outcome = null;
        try {
            outcome = controlGate.admit(cell).orElseGet(() -> runOnHost(cell));
            return outcome;
        } finally {
            controlGate.ended(cell, outcome);
        }
    }

    private CellOutcome runOnHost(PlannedCell cell) {
        HostSession session = sessions.get(cell.host().name());
        ReentrantLock busy = session.busy();
        busy.lock();
        MDC.put("host", cell.host().name());
        try {
            return executor.execute(cell, session);
        } finally {
            MDC.remove("host");
            busy.unlock();
        }
    }

    /**
     * The one mapping from outcome to TestNG (and so Allure) status. A known cell fails with a
     * message that starts with {@code KNOWN ISSUE <id>:} (the "Known issue" category matches on it)
     * and links its issue. Today the executor never returns a known cell: known issues are tagged
     * after the run, in the Allure results (RunReport.prepare), where {@code lab report} can apply
     * them again; this branch keeps the mapping complete for outcomes classified during a run.
     */
    private static void conclude(CellOutcome outcome) {
        if (outcome instanceof CellOutcome.Failed failed) {
            throw new AssertionError(String.join("\n", failed.mismatches()));
        }
        if (outcome instanceof CellOutcome.Known known) {
            Allure.link(known.issueId(), "issue", known.url());
            throw new AssertionError(KnownIssues.MESSAGE_PREFIX + known.issueId() + ": " + known.url() + "\n"
                    + String.join("\n", known.mismatches()));
        }
        if (outcome instanceof CellOutcome.Broken broken) {
            throw new LabFaultException(broken.message(), null);
        }
        if (outcome instanceof CellOutcome.Skipped skippedCell) {
            throw new SkipException(skippedCell.reason());
        }
    }

    /** The Allure test reads as its configuration, with a parameter per axis and labels for grouping. */
    private void describe(Cell cell, String host) {
        Allure.getLifecycle().updateTestCase(result -> {
            result.setName(cell.displayName());
            result.setFullName(plan.suite() + "." + cell.id());
            result.setTestCaseId(plan.suite() + "." + cell.id());
            result.setHistoryId(plan.suite() + "." + cell.id());
            List<Parameter> parameters = new ArrayList<>();
            cell.axes().forEach((axis, value) -> parameters.add(new Parameter().setName(axis).setValue(value)));
            parameters.add(new Parameter().setName("host").setValue(host));
            result.setParameters(parameters);
            List<Label> labels = new ArrayList<>(result.getLabels());
            // allure-testng labels every test with TestNG's own grouping ("Command line suite", the
            // class) and the runner machine's host name; the lab's grouping replaces them all.
            labels.removeIf(l -> REPLACED_LABELS.contains(l.getName()));
            labels.add(new Label().setName("suite").setValue(plan.suite()));
            labels.add(new Label().setName("parentSuite").setValue("igdlab"));
            labels.add(new Label().setName("subSuite").setValue(cell.axis("generation")));
            labels.add(new Label().setName("host").setValue(host));
            // a control cell tests the lab, not an assignment mode: its own epic keeps it apart in the report
            labels.add(new Label().setName("epic").setValue(cell.isControl() ? "control" : "mode " + cell.axis("mode")));
            labels.add(new Label().setName("feature").setValue("firmware " + cell.axis("firmware")));
            labels.add(new Label().setName("story").setValue("machine " + cell.axis("machine")));
            result.setLabels(labels);
        });
    }

    private static List<String> interleaveByHost(Plan plan) {
        Map<String, List<String>> byHost = new LinkedHashMap<>();
        for (PlannedCell cell : plan.cells()) {
            byHost.computeIfAbsent(cell.host().name(), h -> new ArrayList<>()).add(cell.cell().id());
        }
        // each host's control cells first, whatever order the plan lists them in: ControlGate relies on it
        Set<String> control = new java.util.HashSet<>();
        plan.cells().stream().filter(c -> c.cell().isControl()).forEach(c -> control.add(c.cell().id()));
        byHost.values().forEach(queue -> queue.sort(java.util.Comparator.comparing((String id) -> !control.contains(id))));
        List<String> rows = new ArrayList<>();
        int longest = byHost.values().stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<String> queue : byHost.values()) {
                if (i < queue.size()) {
                    rows.add(queue.get(i));
                }
            }
        }
        plan.skipped().forEach(s -> rows.add(s.cell().id()));
        return List.copyOf(rows);
    }
}
