package org.igdlab.runner.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.FileSystemResultsWriter;
import org.igdlab.runner.host.HostAgent;
import org.igdlab.runner.host.HostLease;
import org.igdlab.runner.host.LeaseOwner;
import org.igdlab.runner.host.HostHealth;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryException;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.plan.Durations;
import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.Planner;
import org.igdlab.runner.quarantine.QuarantineFile;
import org.igdlab.runner.report.KnownIssues;
import org.igdlab.runner.report.RunReport;
import org.igdlab.runner.report.SummaryTable;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.ScenarioException;
import org.igdlab.runner.scenario.Suite;
import org.igdlab.runner.scenario.SuiteLoader;
import org.igdlab.runner.ssh.ConnectSlots;
import org.igdlab.runner.ssh.SshConnector;
import org.igdlab.runner.time.Deadline;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lab run, start to finish: load and validate the inventory, suite and oracle; start the
 * embedded fleet if the inventory asks for it; plan; run the cells through the JUnit Platform
 * launcher (TestNG engine, allure-testng, progress and JUnit XML listeners); then tag known
 * issues, print the summary and generate the Allure HTML report with the previous run's trend.
 */
public final class LabRun {

    private static final Logger LOG = LoggerFactory.getLogger(LabRun.class);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** Read from beside the expectations file (scenarios/known-issues.yaml by default). */
    static final String KNOWN_ISSUES = "known-issues.yaml";

    private final Clock clock;
    private final PrintWriter out;
    private final Optional<EmbeddedLab> embeddedLab;

    public LabRun(Clock clock, PrintWriter out, Optional<EmbeddedLab> embeddedLab) {
        this.clock = clock;
        this.out = out;
        this.embeddedLab = embeddedLab;
    }

    public RunResult run(RunRequest request) throws InventoryException, ScenarioException, IOException {
        return run(request, UnaryOperator.identity());
    }

    /**
     * A run on a view of the inventory: {@code hosts} gets the loaded inventory (embedded hosts
     * bound to the twin) and returns the one the run plans with. {@code lab qualify} pins candidate
     * builds this way, and re-runs a cell on one chosen host.
     */
    public RunResult run(RunRequest request, UnaryOperator<Inventory> hosts)
            throws InventoryException, ScenarioException, IOException {
        return run(request, hosts, false);
    }

    /**
     * As {@link #run(RunRequest, UnaryOperator)}; with {@code judgeAsBefore} each cell's expectation is
     * the oracle's for the host as loaded, before {@code hosts} changed it: {@code lab qualify} runs
     * the candidate builds and judges them by what the lab expects of the builds they replace.
     */
    public RunResult run(RunRequest request, UnaryOperator<Inventory> hosts, boolean judgeAsBefore)
            throws InventoryException, ScenarioException, IOException {
        String runId = request.runId().orElseGet(() -> RUN_ID.format(clock.instant()));
        Path runDir = request.reportsDir().resolve("runs").resolve(runId);
        if (Files.exists(runDir.resolve("allure-results"))) {
            throw new IllegalArgumentException("run " + runId + " already has results in " + runDir
                    + "; pick another --run-id, or continue it with --resume " + runId);
        }
        return execute(request, runId, runDir, Optional.empty(), hosts, judgeAsBefore);
    }

    /**
     * Continues a run whose runner died: the inputs come from its {@code run.inputs.json}, cells
     * the journal has a final outcome for are not run again, attempts that started and never
     * finished are recorded as broken and their cells run again; summary and report cover every cell.
     */
    public RunResult resume(Path reportsDir, String runId, Optional<Path> allureHome)
            throws InventoryException, ScenarioException, IOException {
        Path runDir = reportsDir.resolve("runs").resolve(runId);
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException("cannot resume run " + runId + ": no directory " + runDir
                    + " (runs there: " + knownRuns(reportsDir.resolve("runs")) + ")");
        }
        RunInputs inputs = RunInputs.read(runDir);
        Path journalFile = runDir.resolve(RunJournal.FILE);
        RunJournal.Contents contents = Files.isRegularFile(journalFile) ? RunJournal.read(journalFile)
                : new RunJournal.Contents(List.of(), List.of());
        contents.warnings().forEach(w -> out.println("warning: " + w));
        RunRequest request = new RunRequest(inputs.inventory(), inputs.artifacts(), inputs.suite(), inputs.expectations(),
                reportsDir, Optional.of(runId), allureHome, inputs.budgets(), inputs.shard());
        return execute(request, runId, runDir, Optional.of(JournalReplay.of(contents.entries())), UnaryOperator.identity(), false);
    }

    private static String knownRuns(Path runs) {
        try (var list = Files.list(runs)) {
            List<String> names = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            return names.isEmpty() ? "none" : String.join(", ", names);
        } catch (IOException e) {
            return "none";
        }
    }

    private RunResult execute(RunRequest request, String runId, Path runDir, Optional<JournalReplay> resumed,
                              UnaryOperator<Inventory> hosts, boolean judgeAsBefore)
            throws InventoryException, ScenarioException, IOException {
        Inventory inventory = InventoryLoader.load(request.inventory(), request.artifacts());
        Suite suite = SuiteLoader.load(request.suite());
        Expectations expectations = Expectations.load(request.expectations());
        KnownIssues knownIssues = KnownIssues.loadIfPresent(request.expectations().resolveSibling(KNOWN_ISSUES));
        Path results = Files.createDirectories(runDir.resolve("allure-results"));
        if (resumed.isEmpty()) {
            RunInputs.of(request).write(runDir);
        }
        JournalReplay replay = resumed.orElseGet(JournalReplay::none);

        try (FleetHandle fleet = startFleetIfEmbedded(inventory, request);
             RunJournal journal = RunJournal.open(runDir)) {
            Inventory loaded = fleet.bind(inventory);
            Inventory bound = hosts.apply(loaded);
            UnaryOperator<org.igdlab.runner.inventory.Host> judgedOn = judgeAsBefore
                    ? h -> loaded.host(h.name()).orElse(h) : UnaryOperator.identity();
            Plan plan = plan(suite, bound, expectations, request, judgedOn);
            out.printf("igdlab run %s: suite %s%s, %d cells on %d hosts (%d skipped), results in %s%n", runId,
                    plan.suite(), request.shard().total() == 1 ? "" : " shard " + request.shard(), plan.cells().size(),
                    plan.cells().stream().map(c -> c.host().name()).distinct().count(),
                    plan.skipped().size(), runDir);
            if (resumed.isPresent()) {
                out.printf("resuming: %d cell(s) finished earlier are kept, %d attempt(s) were interrupted%n",
                        replay.finals().size(), replay.interrupted().size());
            }
            out.flush();
            writeEnvironment(results, bound, plan);
            Map<String, HostSession> sessions = new LinkedHashMap<>();
            SshConnector connector = new SshConnector(clock, ConnectSlots.forThisMachine());
            byte[] agent = HostAgent.bundledAgent();
            LeaseOwner owner = LeaseOwner.thisProcess(runId);
            // one scheduler renews every host's lease: no thread per host
            ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "igdlab-lease-renewal");
                t.setDaemon(true);
                return t;
            });
            for (Host host : bound.hosts()) {
                sessions.put(host.name(), new HostSession(host, connector, agent, clock, request.budgets(),
                        new HostLease(host.name(), owner, HostLease.DEFAULT_TTL, renewals, clock)));
            }
            AllureResultsWriter writer = new DryRunAwareResultsWriter(new FileSystemResultsWriter(results));
            RunContext context;
            try {
                RunQuarantine quarantine = new RunQuarantine(QuarantineFile.besideInventory(request.inventory()), clock, out);
                healthCheckQuarantined(quarantine, sessions, plan, request.budgets());
                context = new RunContext(runId, plan, sessions, clock, request.budgets(),
                        new RunContext.Recovery(journal, writer, expectations, quarantine, replay, out));
                if (resumed.isPresent()) {
                    context.repairResults(results).forEach(note -> out.println("resume: " + note));
                    context.recordInterrupted();
                }
                launch(context, writer, runDir, context.rows().size());
            } finally {
                sessions.values().forEach(HostSession::close);
                renewals.shutdownNow();
            }
            RunReport report = new RunReport(System.getenv());
            RunReport.Prepared prepared = report.prepare(runId, plan.suite(), runDir, results, knownIssues, clock.instant());
            List<CellOutcome> all = new ArrayList<>(replay.finals());
            all.addAll(context.outcomes());
            List<CellOutcome> outcomes = RunReport.withKnown(all, prepared.known());
            RunResult partial = new RunResult(runId, plan.suite(), runDir, results, Optional.empty(), outcomes);
            String table = SummaryTable.render(partial);
            Files.writeString(runDir.resolve("summary.txt"), table, StandardCharsets.UTF_8);
            out.print(table);
            RunReport.print(prepared, request.allureHome().isPresent(), out);
            Optional<Path> html = Optional.empty();
            if (request.allureHome().isPresent()) {
                html = Optional.of(report.html(request.allureHome().get(), runDir, results, prepared));
                out.printf("Allure report: %s%n", html.get().toAbsolutePath());
            }
            out.printf("JUnit XML:     %s%n", runDir.resolve("junit").toAbsolutePath());
            out.flush();
            linkLatest(request.reportsDir(), runDir);
            return new RunResult(runId, plan.suite(), runDir, results, html, outcomes);
        }
    }

    /** The plan, balanced with the inventory's durations, and (--shard K/N) this shard's slice of it. */
    private static Plan plan(Suite suite, Inventory inventory, Expectations expectations, RunRequest request,
                             UnaryOperator<org.igdlab.runner.inventory.Host> judgedOn) throws IOException {
        Durations durations = Durations.fromInventory(request.inventory());
        return request.shard().slice(Planner.plan(suite, inventory, expectations, durations, judgedOn), inventory, durations);
    }

    /**
     * A host quarantined by an earlier run is used again only if the agent's {@code health}
     * check passes now; otherwise it stays quarantined and its cells go to other hosts.
     */
    private void healthCheckQuarantined(RunQuarantine quarantine, Map<String, HostSession> sessions, Plan plan,
                                        RunBudgets budgets) throws IOException {
        for (String name : quarantine.hosts()) {
            HostSession session = sessions.get(name);
            if (session == null || plan.cells().stream().noneMatch(c -> c.host().generation() == session.host().generation())) {
                continue;
            }
            String why;
            try {
                Deadline deadline = Deadline.after(clock, budgets.connect().plus(budgets.hostStep()));
                HostHealth health = session.agent(deadline.within(budgets.connect())).health(deadline);
                if (health.healthy()) {
                    quarantine.release(name);
                    out.printf("host %s was quarantined; its health check passed, so it is used again%n", name);
                    continue;
                }
                why = "health check failed: " + String.join("; ", health.failures());
            } catch (Exception e) {
                session.reset();
                why = "health check could not run: " + CellExecutor.describe(e);
            }
            out.printf("host %s stays quarantined (%s): %s%n", name,
                    quarantine.entry(name).map(e -> e.describe()).orElse(""), why);
        }
        out.flush();
    }

    private void launch(RunContext context, AllureResultsWriter writer, Path runDir, int total) throws IOException {
        // Allure's lifecycle is a process-wide singleton of Allure's own design; each run installs
        // a fresh one writing to its own results directory, wrapped to drop dry-run duplicates.
        Allure.setLifecycle(new AllureLifecycle(writer));
        LauncherDiscoveryRequest discovery = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(LabCells.class))
                .filters(EngineFilter.includeEngines("testng"))
                .configurationParameter("testng.dataProviderThreadCount", String.valueOf(context.parallelism()))
                .configurationParameter("testng.useDefaultListeners", "false")
                .configurationParameter("testng.outputDirectory", runDir.resolve("testng").toString())
                .build();
        Path junit = Files.createDirectories(runDir.resolve("junit"));
        Launcher launcher = LauncherFactory.create();
        try (RunHandoff ignored = RunHandoff.open(context)) {
            launcher.execute(discovery, new ProgressListener(out, total),
                    new LegacyXmlReportGeneratingListener(junit, out));
        }
        LOG.info("run {} finished: {} outcomes", context.runId(), context.outcomes().size());
    }

    /** Environment of the run for Allure's environment widget: what each host is and runs. */
    private static void writeEnvironment(Path results, Inventory inventory, Plan plan) throws IOException {
        Map<String, String> env = new TreeMap<>();
        env.put("suite", plan.suite());
        env.put("inventory", String.valueOf(inventory.source()));
        for (Host host : inventory.hosts()) {
            String prefix = host.name() + ".";
            env.put(prefix + "generation", host.generation().id());
            env.put(prefix + "igd", "8086:" + host.igd().deviceId());
            env.put(prefix + "kernel", host.kernel());
            host.installed().keySet().forEach(name -> env.merge(prefix + "artifacts", name, (a, b) -> a + ", " + b));
        }
        StringBuilder text = new StringBuilder();
        env.forEach((k, v) -> text.append(k.replace(" ", "_")).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(results.resolve("environment.properties"), text, StandardCharsets.UTF_8);
    }

    private FleetHandle startFleetIfEmbedded(Inventory inventory, RunRequest request) throws IOException {
        boolean embedded = inventory.hosts().stream().anyMatch(Host::embedded);
        if (!embedded) {
            return FleetHandle.none();
        }
        EmbeddedLab lab = embeddedLab.orElseThrow(() -> new IllegalArgumentException(request.inventory()
                + " has hosts with address: embedded, but this build has no embedded twin fleet"));
        out.printf("starting the embedded twin fleet from %s%n", request.inventory());
        out.flush();
        return FleetHandle.of(lab.start(request.inventory(), request.artifacts()));
    }

    private static void linkLatest(Path reportsDir, Path runDir) {
        Path latest = reportsDir.resolve("latest");
        try {
            Files.deleteIfExists(latest);
            Files.createSymbolicLink(latest, reportsDir.relativize(runDir));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("could not link {} to {}: {}", latest, runDir, e.toString());
        }
    }

    /** The embedded fleet for the length of a run, or nothing for a real lab. */
    private record FleetHandle(Optional<EmbeddedLab.Fleet> fleet) implements AutoCloseable {

        static FleetHandle none() {
            return new FleetHandle(Optional.empty());
        }

        static FleetHandle of(EmbeddedLab.Fleet fleet) {
            return new FleetHandle(Optional.of(fleet));
        }

        Inventory bind(Inventory inventory) {
            return fleet.map(f -> inventory.withEndpoints(f.endpoints(), f.identityFile())).orElse(inventory);
        }

        @Override
        public void close() {
            fleet.ifPresent(EmbeddedLab.Fleet::close);
        }
    }
}
