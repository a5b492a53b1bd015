package org.igdlab.runner.qualify;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryException;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.plan.Durations;
import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.PlannedCell;
import org.igdlab.runner.plan.Planner;
import org.igdlab.runner.report.BaselineDiff;
import org.igdlab.runner.report.KnownIssues;
import org.igdlab.runner.report.RegressionConfirmation;
import org.igdlab.runner.report.RunReport;
import org.igdlab.runner.report.RunVerdictResult;
import org.igdlab.runner.run.CellOutcome;
import org.igdlab.runner.run.EmbeddedLab;
import org.igdlab.runner.run.LabRun;
import org.igdlab.runner.run.RunBudgets;
import org.igdlab.runner.run.RunRequest;
import org.igdlab.runner.run.RunResult;
import org.igdlab.runner.scenario.Cell;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.ScenarioException;
import org.igdlab.runner.scenario.Suite;
import org.igdlab.runner.scenario.SuiteLoader;

/**
 * {@code lab qualify}, start to finish: pin the inputs, run the suite with the candidate builds
 * ({@link LabRun} on the pinned inventory), diff against the baseline run, re-run each possible
 * regression on a second host of its generation, and answer with a {@link QualificationVerdict}
 * written to the terminal, qualification.md / .json and the run's Allure report.
 *
 * <p>Decisions live elsewhere: which builds a host uses ({@link Candidates}), whether a regression
 * is confirmed ({@link RegressionConfirmation}), what the answer is ({@link QualificationVerdict}).
 */
public final class Qualification {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    static final String SUITE_LABEL = "release qualification";

    /**
     * What to qualify.
     *
     * @param baselineDir the earlier run (a directory with allure-results) the candidate run is compared with
     * @param allureHome  the unpacked Allure command line; empty skips the HTML report
     */
    public record Request(Path inventory, Path artifacts, Path suite, Path expectations, Path reportsDir, Path baselineDir,
                          Candidates candidates, Optional<String> runId, Optional<Path> allureHome) {
        public Request {
            Objects.requireNonNull(inventory, "inventory");
            Objects.requireNonNull(artifacts, "artifacts");
            Objects.requireNonNull(suite, "suite");
            Objects.requireNonNull(expectations, "expectations");
            Objects.requireNonNull(reportsDir, "reportsDir");
            Objects.requireNonNull(baselineDir, "baselineDir");
            Objects.requireNonNull(candidates, "candidates");
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(allureHome, "allureHome");
            if (candidates.all().isEmpty()) {
                throw new IllegalArgumentException("qualify needs at least one --candidate KIND=ARTIFACT, KIND one of "
                        + Candidate.KINDS.keySet());
            }
        }
    }

    /** The answer and where it was written. */
    public record Outcome(QualificationVerdict verdict, Path runDir) {
    }

    private final Clock clock;
    private final PrintWriter out;
    private final Optional<EmbeddedLab> embeddedLab;

    public Qualification(Clock clock, PrintWriter out, Optional<EmbeddedLab> embeddedLab) {
        this.clock = clock;
        this.out = out;
        this.embeddedLab = embeddedLab;
    }

    public Outcome qualify(Request request) throws InventoryException, ScenarioException, IOException {
        Instant start = clock.instant();
        Inventory inventory = InventoryLoader.load(request.inventory(), request.artifacts());
        Suite suite = SuiteLoader.load(request.suite());
        Expectations expectations = Expectations.load(request.expectations());
        Candidates candidates = request.candidates();
        Inventory pinned = candidates.pin(inventory);
        // Judged by what the oracle expects of the builds the candidates replace (a candidate of another
        // QEMU band, igd-model.md §2.10, must still show what the lab's current build shows).
        Plan plan = Planner.plan(suite, pinned, expectations, Durations.defaults(), h -> inventory.host(h.name()).orElse(h));
        refuseHostsWithoutCandidates(plan, candidates);

        String runId = request.runId().orElseGet(() -> "qualify-" + RUN_ID.format(start));
        Path runDir = request.reportsDir().resolve("runs").resolve(runId);
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("suite", request.suite());
        files.put("expectations", request.expectations());
        files.put("known-issues", request.expectations().resolveSibling("known-issues.yaml"));
        files.put("inventory", request.inventory());
        files.put("artifacts", request.artifacts());
        PinnedInputs inputs = PinnedInputs.of(files, candidates, inventory);

        out.printf("igdlab qualify %s: candidates %s against baseline %s%n", runId,
                String.join(", ", candidates.all().stream().map(Candidate::toString).toList()), request.baselineDir());
        out.flush();
        RunResult result = new LabRun(clock, out, embeddedLab).run(new RunRequest(request.inventory(), request.artifacts(),
                request.suite(), request.expectations(), request.reportsDir(), Optional.of(runId), Optional.empty(),
                RunBudgets.defaults()), candidates::pin, true);

        BaselineDiff diff = BaselineDiff.between(request.baselineDir(), runDir);
        if (!plan.cells().isEmpty() && diff.newCells().size() >= plan.cells().size()) {
            // Nothing to regress from: every cell would count as new, and an empty comparison must not qualify.
            throw new IllegalArgumentException("baseline " + diff.baseline() + " has none of the " + plan.cells().size()
                    + " cells of suite " + plan.suite() + " (" + request.baselineDir() + "); qualify against a run of the"
                    + " same suite (this run is kept in " + runDir + ")");
        }
        Map<String, Cell> cells = new LinkedHashMap<>();
        plan.cells().forEach(p -> cells.put(p.cell().id(), p.cell()));
        List<String> reruns = new ArrayList<>();
        Map<String, RegressionConfirmation.Decision> decisions =
                confirm(diff, cells, pinned, candidates, request, runDir, reruns);
        BaselineDiff confirmed = diff.reconfirmed(decisions);
        Files.writeString(runDir.resolve("diff.md"), confirmed.markdown(), StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("diff.json"), confirmed.json(), StandardCharsets.UTF_8);

        QualificationVerdict verdict = QualificationVerdict.decide(confirmed);
        QualificationReport report = new QualificationReport(runId, plan.suite(), diff.baseline(), candidates, inputs,
                confirmed, verdict, reruns);
        String markdown = report.markdown();
        String json = report.json();
        Files.writeString(runDir.resolve("qualification.md"), markdown, StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("qualification.json"), json, StandardCharsets.UTF_8);
        writeAllure(result, inputs, verdict, markdown, json, confirmed, start, request);

        out.println();
        out.print(report.text());
        out.printf("Written: %s, %s%n", runDir.resolve("qualification.md").toAbsolutePath(),
                runDir.resolve("qualification.json").toAbsolutePath());
        out.flush();
        return new Outcome(verdict, runDir);
    }

    /** A host that runs cells must have every candidate: a cell on its own builds would qualify nothing. */
    private static void refuseHostsWithoutCandidates(Plan plan, Candidates candidates) {
        Set<Host> used = new LinkedHashSet<>();
        plan.cells().forEach(c -> used.add(c.host()));
        List<String> problems = new ArrayList<>();
        for (Host h : used) {
            List<Candidate> missing = candidates.missingOn(h);
            if (!missing.isEmpty()) {
                problems.add(h.name() + " lacks " + String.join(", ", missing.stream().map(c -> c.artifact().name()).toList())
                        + " (installed: " + h.installed().keySet() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the candidate builds must be installed on every host that runs cells"
                    + " (the inventory's installed:): " + String.join("; ", problems));
        }
    }

    /**
     * Re-runs each possible regression on a second host of its generation that has the candidates,
     * and asks {@link RegressionConfirmation} what that shows.
     */
    private Map<String, RegressionConfirmation.Decision> confirm(BaselineDiff diff, Map<String, Cell> cells, Inventory pinned,
                                                                  Candidates candidates, Request request, Path runDir,
                                                                  List<String> reruns) throws IOException {
        Map<String, RegressionConfirmation.Decision> decisions = new LinkedHashMap<>();
        int n = 0;
        for (BaselineDiff.Change r : diff.regressions()) {
            Generation g = Generation.fromId(r.generation());
            Cell cell = cells.get(r.cellId());
            List<String> second = pinned.hostsOf(g).stream()
                    .filter(h -> !h.name().equals(r.host()) && candidates.missingOn(h).isEmpty()
                            && (cell == null || cell.runsOn(h))).map(Host::name).toList();
            if (second.isEmpty() || cell == null) {
                decisions.put(r.cellId(), RegressionConfirmation.decide(r.host(), r.generation(), List.of(), Map.of()));
                continue;
            }
            String on = second.get(0);
            n++;
            String verdict = rerun(cell, on, pinned, request, runDir, n, candidates);
            reruns.add(r.cellId() + " on " + on + ": " + verdict + " (" + runDir.relativize(confirmRunDir(runDir, n, on)) + ")");
            decisions.put(r.cellId(), RegressionConfirmation.decide(r.host(), r.generation(), List.of(on), Map.of(on, verdict)));
        }
        return decisions;
    }

    /** Runs one cell on one host with the candidates; its verdict there (passed, failed, known, broken, skipped). */
    private String rerun(Cell cell, String host, Inventory pinned, Request request, Path runDir, int n, Candidates candidates)
            throws IOException {
        Path dir = Files.createDirectories(runDir.resolve("confirm"));
        Path suite = dir.resolve("confirm-" + n + ".yaml");
        Files.writeString(suite, oneCellSuite(cell, "confirm-" + n), StandardCharsets.UTF_8);
        out.printf("%nConfirming %s on %s (%s):%n", cell.id(), host, pinned.host(host).map(h -> h.generation().id()).orElse("?"));
        out.flush();
        try {
            RunResult result = new LabRun(clock, out, embeddedLab).run(new RunRequest(request.inventory(), request.artifacts(),
                    suite, request.expectations(), dir, Optional.of(confirmRunDir(runDir, n, host).getFileName().toString()),
                    Optional.empty(),
                    RunBudgets.defaults()), inv -> only(candidates.pin(inv), host), true);
            return result.outcomes().stream().filter(o -> o.cellId().equals(cell.id()) && o.hostName().equals(host))
                    .map(CellOutcome::status).findFirst().orElse("not run");
        } catch (InventoryException | ScenarioException | RuntimeException e) {
            out.printf("the confirmation run failed: %s%n", e.getMessage());
            return "broken";
        }
    }

    /** Where the n-th confirmation re-run, on {@code host}, writes its results. */
    private static Path confirmRunDir(Path runDir, int n, String host) {
        // a run id allows letters, digits, '-' and '_' only; a host name may have more (e.g. dots)
        String id = ("confirm-" + n + "-" + host).replaceAll("[^A-Za-z0-9_-]", "-");
        return runDir.resolve("confirm").resolve("runs").resolve(id.length() > 64 ? id.substring(0, 64) : id);
    }

    private static Inventory only(Inventory inventory, String host) {
        return new Inventory(inventory.source(), inventory.hosts().stream().filter(h -> h.name().equals(host)).toList(),
                inventory.artifacts());
    }

    /** A suite of exactly {@code cell}: every axis it has, one value each, so the re-run has the same cell id. */
    static String oneCellSuite(Cell cell, String name) {
        StringBuilder s = new StringBuilder();
        s.append("# Written by lab qualify: re-run of a possible regression on a second host of its generation.\n");
        s.append("version: 1\nsuite: ").append(name).append("\ncoverage: full\n");
        if (!cell.axes().containsKey("guest")) {
            s.append("guest: ").append(cell.guest()).append('\n');
        }
        s.append("axes:\n");
        cell.axes().forEach((axis, value) -> s.append("  ").append(axis).append(": [\"").append(value).append("\"]\n"));
        return s.toString();
    }

    /**
     * The qualification in the run's Allure report: the pinned inputs and the verdict in the
     * environment widget, and a test of its own under "release qualification" whose status is the
     * verdict, with qualification.md as its description and the summary files attached.
     */
    private void writeAllure(RunResult result, PinnedInputs inputs, QualificationVerdict verdict, String markdown,
                             String json, BaselineDiff diff, Instant start, Request request)
            throws IOException, ScenarioException {
        Path results = result.allureResults();
        Map<String, String> env = new LinkedHashMap<>(inputs.environment());
        env.put("qualification.baseline", diff.baseline());
        env.put("qualification.verdict", verdict.headline());
        RunVerdictResult.addEnvironment(results, env);
        String status = verdict instanceof QualificationVerdict.Qualified ? "passed"
                : verdict instanceof QualificationVerdict.NotQualified ? "failed" : "broken";
        StringBuilder message = new StringBuilder(verdict.headline());
        if (verdict instanceof QualificationVerdict.NotQualified nq) {
            nq.regressions().forEach(r -> message.append('\n').append(r.cellId()).append(" on ").append(r.host()).append(" (")
                    .append(r.note()).append("): ").append(String.join("; ", r.message().lines().toList())));
        }
        Map<String, byte[]> attachments = new LinkedHashMap<>();
        attachments.put("qualification.md", markdown.getBytes(StandardCharsets.UTF_8));
        attachments.put("qualification.json", json.getBytes(StandardCharsets.UTF_8));
        attachments.put("diff.md", diff.markdown().getBytes(StandardCharsets.UTF_8));
        new RunVerdictResult(SUITE_LABEL + ": " + verdict.headline(), SUITE_LABEL, status, message.toString(), markdown,
                attachments, start, clock.instant()).write(results);
        if (request.allureHome().isPresent()) {
            RunReport report = new RunReport(System.getenv());
            KnownIssues known = KnownIssues.loadIfPresent(request.expectations().resolveSibling("known-issues.yaml"));
            RunReport.Prepared prepared = report.prepareExisting(result.runDir(), known, clock.instant());
            Path html = report.html(request.allureHome().get(), result.runDir(), results, prepared);
            out.printf("Allure report: %s%n", html.toAbsolutePath());
        }
    }
}
