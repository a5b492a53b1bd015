package org.igdlab.runner.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.PlannedCell;
import org.igdlab.runner.plan.SkippedCell;
import org.igdlab.runner.report.KnownIssues;
import org.igdlab.runner.report.RunReport;
import org.igdlab.runner.scenario.Cell;
import org.igdlab.runner.scenario.Expectations;
import org.slf4j.MDC;
import org.testng.SkipException;

/**
 * A run in progress, as the TestNG cells see it: the plan, one session per host, and the
 * outcomes recorded so far. Rows are ordered round-robin over the hosts so that the parallel
 * data provider starts every host's first cell before any host's second, and each host's control
 * cells come first; a host's other cells wait for them ({@link ControlGate}).
 *
 * <p>Every attempt of a cell is journaled (started, finished) before the run moves on; a broken
 * attempt is retried on another host of the generation ({@link RetryPolicy}) and kept as its own
 * Allure result with the cell's history id, so Allure lists it under the cell's retries; a host
 * that keeps breaking is quarantined ({@link RunQuarantine}) and its later cells move elsewhere.
 */
final class RunContext {

    private static final Set<String> REPLACED_LABELS =
            Set.of("parentSuite", "suite", "subSuite", "host", "thread");
    /** Labels describe() adds, removed first so that describing a retry on another host does not add them twice. */
    private static final Set<String> LAB_LABELS = Set.of("epic", "feature", "story");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String runId;
    private final Plan plan;
    private final Map<String, HostSession> sessions;
    private final CellExecutor executor;
    private final ControlGate controlGate;
    private final Map<String, PlannedCell> planned = new LinkedHashMap<>();
    private final Map<String, SkippedCell> skipped = new LinkedHashMap<>();
    private final List<String> rows;
    private final List<CellOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final List<Host> hosts;
    private final Clock clock;
    private final Recovery recovery;

    /**
     * What a run needs to survive lab faults and its own death: the journal, the Allure writer
     * for attempts that are not a cell's last, the oracle (a cell moved to another host gets that
     * host's expectation), the quarantine, and what an earlier runner of this run already did.
     */
    record Recovery(RunJournal journal, AllureResultsWriter attempts, Expectations expectations,
                    RunQuarantine quarantine, JournalReplay replay, PrintWriter out) {
    }

    /** One line of run output between the progress lines (the printer is shared with them). */
    private void note(String line) {
        synchronized (recovery.out()) {
            recovery.out().println(line);
            recovery.out().flush();
        }
    }

    /** @param sessions one per inventory host, in inventory order */
    RunContext(String runId, Plan plan, Map<String, HostSession> sessions, Clock clock, RunBudgets budgets,
               Recovery recovery) {
        this.runId = runId;
        this.plan = plan;
        this.hosts = sessions.values().stream().map(HostSession::host).toList();
        this.sessions = Map.copyOf(sessions);
        this.clock = clock;
        this.recovery = recovery;
        this.executor = new CellExecutor(clock, budgets, runId);
        this.controlGate = ControlGate.forRun(plan, budgets.cell());
        plan.cells().forEach(c -> planned.put(c.cell().id(), c));
        plan.skipped().forEach(s -> skipped.put(s.cell().id(), s));
        this.rows = interleaveByHost(plan).stream().filter(id -> recovery.replay().finalOutcome(id).isEmpty()).toList();
        // on a resume, control cells an earlier runner finished open (or close) their host's gate as they did then
        for (PlannedCell c : plan.cells()) {
            if (c.cell().isControl()) {
                recovery.replay().finalOutcome(c.cell().id()).ifPresent(o -> controlGate.ended(c, o));
            }
        }
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

    /** Runs one row: label the Allure test, run the cell (retried when the lab breaks it), end the test as the last attempt says. */
    void runCell(String cellId) {
        MDC.put("run", runId);
        MDC.put("cell", cellId);
        try {
            CellOutcome outcome;
            if (planned.containsKey(cellId)) {
                outcome = runGated(planned.get(cellId));
            } else {
                SkippedCell cell = skipped.get(cellId);
                describe(cell.cell(), "none");
                outcome = new CellOutcome.Skipped(cellId, "none", Duration.ZERO, cell.reason());
                recovery.journal().append(JournalEntry.finished(outcome, recovery.replay().attemptsOf(cellId) + 1,
                        clock.instant(), true));
            }
            outcomes.add(outcome);
            conclude(outcome);
        } finally {
            MDC.remove("cell");
            MDC.remove("run");
        }
    }

    /**
     * Runs a cell once its host's control cells allow it ({@link ControlGate}), and tells the gate how
     * it ended. A cell the gate refuses never touches a host; it is journaled as final like any other.
     */
    private CellOutcome runGated(PlannedCell cell) {
        CellOutcome outcome = null;
        try {
            Optional<CellOutcome> refused = controlGate.admit(cell);
            if (refused.isPresent()) {
                describe(cell.cell(), cell.host().name());
                outcome = refused.get();
                recovery.journal().append(JournalEntry.finished(outcome,
                        recovery.replay().attemptsOf(cell.cell().id()) + 1, clock.instant(), true));
            } else {
                outcome = runWithRetries(cell);
            }
            return outcome;
        } finally {
            controlGate.ended(cell, outcome);
        }
    }

    private CellOutcome runWithRetries(PlannedCell plannedCell) {
        String cellId = plannedCell.cell().id();
        // a control cell checks its own host: it is never moved to another one
        List<String> generationHosts = plannedCell.cell().isControl() ? List.of(plannedCell.host().name())
                : hosts.stream().filter(plannedCell.cell()::runsOn).map(Host::name).toList();
        int attempt = recovery.replay().attemptsOf(cellId);
        Set<String> tried = new LinkedHashSet<>();
        int retries = 0;
        String wanted = plannedCell.host().name();
        while (true) {
            Optional<String> free = RetryPolicy.startOn(wanted, generationHosts, recovery.quarantine().hosts());
            if (free.isEmpty()) {
                return refuse(plannedCell, wanted, attempt + 1);
            }
            PlannedCell cell = on(plannedCell, free.get());
            describe(cell.cell(), cell.host().name());
            HostSession session = sessions.get(cell.host().name());
            CellOutcome outcome;
            ReentrantLock busy = session.busy();
            busy.lock();
            MDC.put("host", cell.host().name());
            try {
                if (recovery.quarantine().hosts().contains(cell.host().name())) {
                    // quarantined by another cell while this one waited for the host: go elsewhere
                    wanted = cell.host().name();
                    continue;
                }
                attempt++;
                tried.add(cell.host().name());
                recovery.journal().append(JournalEntry.started(cellId, cell.host().name(), attempt, clock.instant()));
                outcome = executor.execute(cell, session);
            } finally {
                MDC.remove("host");
                busy.unlock();
            }
            recovery.quarantine().record(outcome);
            Optional<String> next = RetryPolicy.retryOn(outcome, generationHosts, tried, recovery.quarantine().hosts(),
                    retries);
            recovery.journal().append(JournalEntry.finished(outcome, attempt, clock.instant(), next.isEmpty()));
            if (next.isEmpty()) {
                return outcome;
            }
            keepAsRetry((CellOutcome.Broken) outcome);
            note("retrying " + cellId + " on " + next.get() + " (attempt " + (attempt + 1)
                    + ") after a lab fault on " + outcome.hostName() + ": "
                    + ((CellOutcome.Broken) outcome).message().lines().findFirst().orElse(""));
            retries++;
            wanted = next.get();
        }
    }

    /** A cell whose host is quarantined and whose generation has no other host: broken, without touching a host. */
    private CellOutcome refuse(PlannedCell plannedCell, String host, int attempt) {
        describe(plannedCell.cell(), host);
        CellOutcome refused = new CellOutcome.Broken(plannedCell.cell().id(), host, Duration.ZERO, "quarantine",
                "host=" + host + " step='quarantine': the host is "
                        + recovery.quarantine().entry(host).map(e -> e.describe()).orElse("quarantined")
                        + ", and no other host of generation " + plannedCell.host().generation().id()
                        + " is free of quarantine");
        recovery.journal().append(JournalEntry.finished(refused, attempt, clock.instant(), true));
        return refused;
    }

    /** The planned cell, moved to another host of its generation with that host's expectation. */
    private PlannedCell on(PlannedCell cell, String hostName) {
        if (cell.host().name().equals(hostName)) {
            return cell;
        }
        Host host = sessions.get(hostName).host();
        return new PlannedCell(cell.cell(), host, recovery.expectations().expect(cell.cell(), host));
    }

    /**
     * Writes the attempt that just broke as an Allure result of its own (same history id, so
     * Allure shows it as a retry of the cell) and empties the running test for the next attempt,
     * whose start is now: Allure takes the latest start as the cell's result.
     */
    private void keepAsRetry(CellOutcome.Broken broken) {
        long now = clock.millis();
        List<TestResult> kept = new ArrayList<>(1);
        Allure.getLifecycle().updateTestCase(r -> {
            TestResult attempt = new TestResult().setUuid(UUID.randomUUID().toString())
                    .setHistoryId(r.getHistoryId()).setTestCaseId(r.getTestCaseId())
                    .setFullName(r.getFullName()).setName(r.getName()).setDescription(r.getDescription())
                    .setLabels(retried(r.getLabels())).setParameters(new ArrayList<>(r.getParameters()))
                    .setLinks(new ArrayList<>(r.getLinks()))
                    .setSteps(new ArrayList<>(r.getSteps())).setAttachments(new ArrayList<>(r.getAttachments()))
                    .setStatus(Status.BROKEN).setStatusDetails(new StatusDetails().setMessage(broken.message()))
                    .setStage(Stage.FINISHED).setStart(r.getStart()).setStop(now);
            kept.add(attempt);
            r.getSteps().clear();
            r.getAttachments().clear();
            r.setStart(now + 1);
        });
        kept.forEach(recovery.attempts()::write);
    }

    /**
     * After a kill, the results directory may lack the Allure result of a cell the journal calls
     * final (the runner died between the journal line and Allure's write), or hold a result file
     * cut off mid-write. A cut file is removed, with a warning; a missing final result is written
     * again from the journal (without its steps, which died with the runner).
     *
     * @return one line per file removed or result restored
     */
    List<String> repairResults(Path results) throws IOException {
        List<String> notes = new ArrayList<>();
        Set<String> present = new java.util.HashSet<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-result.json")).toList()) {
                try {
                    JsonNode node = JSON.readTree(file.toFile());
                    if (node == null || !node.isObject() || !node.path("fullName").isTextual()) {
                        throw new IOException("not an Allure result");
                    }
                    present.add(node.path("fullName").asText());
                } catch (IOException e) {
                    Files.delete(file);
                    notes.add("removed " + file.getFileName() + ": cut off when the runner stopped (" + e.getMessage()
                            .lines().findFirst().orElse("") + ")");
                }
            }
        }
        for (CellOutcome outcome : recovery.replay().finals()) {
            Cell cell = planned.containsKey(outcome.cellId()) ? planned.get(outcome.cellId()).cell()
                    : skipped.containsKey(outcome.cellId()) ? skipped.get(outcome.cellId()).cell() : null;
            if (cell == null || present.contains(plan.suite() + "." + cell.id())) {
                continue;
            }
            TestResult result = new TestResult().setUuid(UUID.randomUUID().toString()).setStage(Stage.FINISHED)
                    .setStatus(allureStatus(outcome))
                    .setStatusDetails(new StatusDetails().setMessage(message(outcome)
                            + "\n(restored from the run journal: the runner stopped before Allure wrote this result)"))
                    .setStart(clock.millis() - outcome.duration().toMillis()).setStop(clock.millis());
            describeInto(result, plan.suite(), cell, outcome.hostName());
            recovery.attempts().write(result);
            notes.add("restored the result of " + cell.id() + " (" + outcome.status() + ") from the journal");
        }
        return notes;
    }

    private static Status allureStatus(CellOutcome outcome) {
        return switch (outcome.status()) {
            case "passed" -> Status.PASSED;
            case "failed", "known" -> Status.FAILED;
            case "skipped" -> Status.SKIPPED;
            default -> Status.BROKEN;
        };
    }

    private static String message(CellOutcome outcome) {
        if (outcome instanceof CellOutcome.Failed f) {
            return String.join("\n", f.mismatches());
        }
        if (outcome instanceof CellOutcome.Known k) {
            return String.join("\n", k.mismatches());
        }
        if (outcome instanceof CellOutcome.Broken b) {
            return b.message();
        }
        if (outcome instanceof CellOutcome.Skipped sk) {
            return sk.reason();
        }
        return "";
    }

    private static List<Label> retried(List<Label> labels) {
        List<Label> marked = new ArrayList<>(labels);
        marked.add(new Label().setName(RunReport.RETRIED_LABEL).setValue("true"));
        return marked;
    }

    /**
     * Attempts an earlier runner of this run started and never finished: each is journaled and
     * reported as a broken attempt ("interrupted: the runner stopped"), and its cell runs again.
     */
    void recordInterrupted() {
        for (JournalEntry started : recovery.replay().interrupted()) {
            PlannedCell cell = planned.get(started.cellId());
            if (cell == null) {
                continue;
            }
            CellOutcome.Broken broken = new CellOutcome.Broken(started.cellId(), started.host(), Duration.ZERO,
                    "interrupted", "host=" + started.host() + " step='interrupted': " + JournalReplay.INTERRUPTED
                            + " during attempt " + started.attempt() + " (started " + started.at() + ")");
            recovery.journal().append(JournalEntry.finished(broken, started.attempt(), clock.instant(), false));
            TestResult result = new TestResult().setUuid(UUID.randomUUID().toString())
                    .setStatus(Status.BROKEN).setStatusDetails(new StatusDetails().setMessage(broken.message()))
                    .setStage(Stage.FINISHED).setStart(started.at().toEpochMilli())
                    .setStop(started.at().toEpochMilli());
            describeInto(result, plan.suite(), cell.cell(), started.host());
            result.setLabels(retried(result.getLabels()));
            recovery.attempts().write(result);
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
        Allure.getLifecycle().updateTestCase(result -> describeInto(result, plan.suite(), cell, host));
    }

    private static void describeInto(TestResult result, String suite, Cell cell, String host) {
        result.setName(cell.displayName());
        result.setFullName(suite + "." + cell.id());
        result.setTestCaseId(suite + "." + cell.id());
        result.setHistoryId(suite + "." + cell.id());
        List<Parameter> parameters = new ArrayList<>();
        cell.axes().forEach((axis, value) -> parameters.add(new Parameter().setName(axis).setValue(value)));
        parameters.add(new Parameter().setName("host").setValue(host));
        result.setParameters(parameters);
        List<Label> labels = new ArrayList<>(result.getLabels());
        // allure-testng labels every test with TestNG's own grouping ("Command line suite", the
        // class) and the runner machine's host name; the lab's grouping replaces them all.
        labels.removeIf(l -> REPLACED_LABELS.contains(l.getName()) || LAB_LABELS.contains(l.getName()));
        labels.add(new Label().setName("suite").setValue(suite));
        labels.add(new Label().setName("parentSuite").setValue("igdlab"));
        labels.add(new Label().setName("subSuite").setValue(cell.axis("generation")));
        labels.add(new Label().setName("host").setValue(host));
        // a control cell tests the lab, not an assignment mode: its own epic keeps it apart in the report
        labels.add(new Label().setName("epic").setValue(cell.isControl() ? "control" : "mode " + cell.axis("mode")));
        labels.add(new Label().setName("feature").setValue("firmware " + cell.axis("firmware")));
        labels.add(new Label().setName("story").setValue("machine " + cell.axis("machine")));
        result.setLabels(labels);
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
