package org.igdlab.lab.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.igdlab.runner.host.HostAgent;
import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.Planner;
import org.igdlab.runner.run.CellOutcome;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.SuiteLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lab bench overhead}: what the runner costs per cell over making the same remote calls
 * by hand. One twin host (a copy of the fleet's host of one generation), simulated delays at
 * zero, so a cell's time is all orchestration and transport: the runner through {@code lab run},
 * then {@code scripts/bench-ssh-baseline} with one OpenSSH process per call.
 */
@Command(name = "overhead", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Per-cell time of the runner against one ssh process per remote call, on one twin host.",
            "",
            "Serves one twin host (a copy of the fleet's fault-free host of --generation) with zero simulated delays "
                + "in a child JVM, then runs a warm-up `lab run` of the cells (not counted), a measured `lab run` "
                + "(LabRun: plan, one SSH connection, agent check, every cell with its verdict, Allure results, JUnit "
                + "XML; no HTML), and scripts/bench-ssh-baseline: the same cells' remote calls (facts, bind, launch, "
                + "a status call for each QMP or guest-agent exchange, stop, collect, one `cat` per collected file), "
                + "one OpenSSH `ssh` process each, the host key pinned in known_hosts. Prints ms per cell for both and "
                + "the ratio.",
            "",
            "Without OpenSSH's client the baseline is skipped, saying so (apt-get install -y openssh-client)."},
        footer = {"", "Example: lab bench overhead --cells 24"})
final class OverheadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cells", paramLabel = "N", defaultValue = "24",
            description = "Cells to run on the one host, 1..48 (default: ${DEFAULT-VALUE}).")
    int cells;

    @Option(names = "--generation", paramLabel = "GEN", defaultValue = "coffee-lake",
            description = "Generation of the twin host to copy (default: ${DEFAULT-VALUE}).")
    String generation;

    @Option(names = "--keep", description = "Keep the scratch directory (suite, inventory, logs, reports).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        if (cells < 1 || cells > BenchFleet.CELLS_PER_GENERATION) {
            throw new IllegalArgumentException("--cells (" + cells + ") must be 1.." + BenchFleet.CELLS_PER_GENERATION);
        }
        if (!Generation.ids().contains(generation)) {
            throw new IllegalArgumentException("--generation '" + generation + "' is not one of " + Generation.ids());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = BenchCommand.home();
        Clock clock = Clock.systemUTC();
        Path work = Files.createTempDirectory("igdlab-bench-overhead-");
        try {
            BenchFleet fleet = BenchFleet.synthesise(home.resolve("lab-inventory/twin.yaml"), work.resolve("twin.yaml"), 1,
                    Optional.of(generation));
            Path suite = work.resolve("suite.yaml");
            fleet.writeSuite(suite, "bench-overhead", cells);
            try (ChildTwin twin = ChildTwin.start(home, fleet.twinYaml(), home.resolve("lab-inventory/artifacts.yaml"), work,
                    clock, Duration.ofMinutes(5))) {
                err.println("lab bench overhead: twin host up; warm-up run");
                err.flush();
                RunnerPass.run(home, twin.inventory(), suite, work, "warmup", clock);
                err.println("lab bench overhead: measured run");
                err.flush();
                RunnerPass.Result runner = RunnerPass.run(home, twin.inventory(), suite, work, "measured", clock);
                Optional<SshBaseline.Result> baseline = Optional.empty();
                Optional<String> missing = SshBaseline.missingTool();
                if (missing.isPresent()) {
                    err.println("lab bench overhead: OpenSSH's " + missing.get() + " is not installed, so the ssh baseline is"
                            + " skipped (apt-get install -y openssh-client)");
                } else {
                    err.println("lab bench overhead: ssh baseline");
                    err.flush();
                    Inventory inventory = InventoryLoader.load(twin.inventory(), home.resolve("lab-inventory/artifacts.yaml"));
                    Plan plan = Planner.plan(SuiteLoader.load(suite), inventory,
                            Expectations.load(home.resolve("scenarios/expectations.yaml")));
                    baseline = Optional.of(SshBaseline.run(home.resolve("scripts/bench-ssh-baseline"), plan,
                            HostAgent.bundledAgent(), work));
                }
                print(out, runner, baseline);
                runner.reportBroken(err);
                return runner.count("broken") > 0 ? 3 : 0;
            }
        } finally {
            BenchCommand.removeUnlessKept(work, keep, err);
        }
    }

    private void print(PrintWriter out, RunnerPass.Result runner, Optional<SshBaseline.Result> baseline) throws IOException {
        List<CellOutcome> ran = runner.ran();
        CellTimes runnerCells = new CellTimes(ran.stream().map(o -> o.duration().toMillis()).toList());
        double runnerWallPerCell = (double) runner.wall().toMillis() / ran.size();
        out.printf("### (a) orchestration overhead per cell: %d cells on one twin host (%s), simulated delays 0%n%n",
                ran.size(), ran.get(0).hostName());
        out.println("| path | cells | wall s | wall ms / cell | mean cell ms | median cell ms | outcomes |");
        out.println("|---|---|---|---|---|---|---|");
        out.printf("| runner: `lab run` (one SSH connection, a channel per call) | %d | %.2f | %.0f | %.0f | %.0f | %s |%n",
                ran.size(), runner.wall().toMillis() / 1000.0, runnerWallPerCell, runnerCells.mean(), runnerCells.median(),
                runner.statuses());
        if (baseline.isPresent()) {
            SshBaseline.Result b = baseline.get();
            CellTimes baseCells = new CellTimes(b.cellMillis());
            double baseWallPerCell = (double) b.wall().toMillis() / b.cellMillis().size();
            out.printf("| baseline: bench-ssh-baseline (one `ssh` process per call, %.1f per cell) | %d | %.2f | %.0f | %.0f | %.0f | not judged |%n",
                    b.sshPerCell(), b.cellMillis().size(), b.wall().toMillis() / 1000.0, baseWallPerCell, baseCells.mean(),
                    baseCells.median());
            out.printf("%nratio runner / baseline: %.2f (wall ms per cell), %.2f (median cell)%n",
                    runnerWallPerCell / baseWallPerCell, runnerCells.median() / baseCells.median());
            out.printf("baseline ssh processes per cell: %.1f (facts, bind, launch, 4 × status for the QMP and guest-agent"
                    + " exchanges, stop, collect, one cat per collected file)%n", b.sshPerCell());
        } else {
            out.printf("%nbaseline skipped: OpenSSH's client is not installed (apt-get install -y openssh-client)%n");
        }
        out.printf("runner's slowest steps (median over cells): %s%n", StepTimes.read(runner.allureResults()).slowest(4));
        out.flush();
    }
}
