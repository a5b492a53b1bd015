package org.igdlab.lab.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lab bench scale}: one runner driving many twin hosts at once. The hosts are copies of
 * the fleet's fault-free hosts, served by a child JVM with zero simulated delays; the runner is
 * this JVM, so the threads and heap measured are the runner's alone.
 */
@Command(name = "scale", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"One runner driving many twin hosts at once: wall time, peak live threads, peak heap.",
            "",
            "Serves --hosts twin hosts (copies of the fleet's fault-free hosts, one per generation, cycled; zero "
                + "simulated delays) in a child JVM, then runs one `lab run` (LabRun, no HTML) of a suite that gives "
                + "each host --cells-per-host cells, all hosts in parallel as `lab run` always does. The measured run "
                + "includes one SSH connection and agent check per host; a warm-up run of one cell per generation "
                + "comes first (not counted) unless --no-warmup.",
            "",
            "Threads: the JVM's exact peak of live threads; heap: heap in use, sampled every 20 ms. Also prints the "
                + "slowest cell steps (median over cells, from the run's Allure results)."},
        footer = {"", "Example: lab bench scale --hosts 200"})
final class ScaleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--hosts", paramLabel = "N", defaultValue = "200",
            description = "Twin hosts to drive at once, 1..384 (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--cells-per-host", paramLabel = "N", defaultValue = "1",
            description = "Cells each host runs (default: ${DEFAULT-VALUE}); hosts per generation × N must be at most 48.")
    int cellsPerHost;

    @Option(names = "--no-warmup", description = "Measure a cold run: no warm-up run of one cell per generation first.")
    boolean noWarmup;

    @Option(names = "--keep", description = "Keep the scratch directory (suite, inventory, logs, reports).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        if (hosts < 1) {
            throw new IllegalArgumentException("--hosts (" + hosts + ") must be at least 1");
        }
        if (cellsPerHost < 1) {
            throw new IllegalArgumentException("--cells-per-host (" + cellsPerHost + ") must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = BenchCommand.home();
        Clock clock = Clock.systemUTC();
        Path work = Files.createTempDirectory("igdlab-bench-scale-");
        try {
            BenchFleet fleet = BenchFleet.synthesise(home.resolve("lab-inventory/twin.yaml"), work.resolve("twin.yaml"), hosts,
                    Optional.empty());
            Path suite = work.resolve("suite.yaml");
            fleet.writeSuite(suite, "bench-scale", cellsPerHost);
            try (ChildTwin twin = ChildTwin.start(home, fleet.twinYaml(), home.resolve("lab-inventory/artifacts.yaml"), work,
                    clock, Duration.ofMinutes(10))) {
                if (!noWarmup) {
                    // Both JVMs start cold: SSH key exchange in the interpreter is slow enough that 200
                    // handshakes at once can outlast the connect budget. One cell per generation first.
                    err.println("lab bench scale: " + hosts + " twin hosts up; warm-up run (one cell per generation)");
                    err.flush();
                    Path warmupSuite = work.resolve("warmup.yaml");
                    fleet.firstHostOfEachGeneration().writeSuite(warmupSuite, "bench-warmup", 1);
                    RunnerPass.run(home, twin.inventory(), warmupSuite, work, "warmup", clock);
                }
                err.println("lab bench scale: measured run");
                err.flush();
                // So that the heap figure starts from what the bench itself holds, not from garbage.
                System.gc();
                RunnerPass.Result run;
                JvmSampler.Figures jvm;
                try (JvmSampler sampler = JvmSampler.start()) {
                    run = RunnerPass.run(home, twin.inventory(), suite, work, "scale", clock);
                    jvm = sampler.figures();
                }
                print(out, fleet, run, jvm);
                run.reportBroken(err);
                return run.count("broken") > 0 ? 3 : 0;
            }
        } finally {
            BenchCommand.removeUnlessKept(work, keep, err);
        }
    }

    private void print(PrintWriter out, BenchFleet fleet, RunnerPass.Result run, JvmSampler.Figures jvm) throws IOException {
        StepTimes steps = StepTimes.read(run.allureResults());
        int cells = run.ran().size();
        CellTimes times = new CellTimes(run.ran().stream().map(o -> o.duration().toMillis()).toList());
        long hostsUsed = run.ran().stream().map(o -> o.hostName()).distinct().count();
        out.printf("### (c) %d twin hosts driven at once by one runner (%d cell(s) per host, simulated delays 0, %s)%n%n",
                fleet.hosts(), cellsPerHost, noWarmup ? "cold JVMs" : "after a warm-up run");
        out.println("| hosts | cells | wall s | median cell ms | slowest cell ms | peak live threads (before) | peak heap used MiB (before) | max heap MiB | outcomes |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        out.printf("| %d | %d | %.2f | %.0f | %d | %d (%d) | %.0f (%.0f) | %.0f | %s |%n", hostsUsed, cells,
                run.wall().toMillis() / 1000.0, times.median(), times.millis().stream().mapToLong(Long::longValue).max().orElse(0),
                jvm.peakThreads(), jvm.threadsBefore(), mib(jvm.peakHeap()), mib(jvm.heapBefore()), mib(jvm.maxHeap()),
                run.statuses());
        out.printf("%nslowest steps (median over cells): %s%n", steps.slowest(4));
        out.printf("largest thread groups at the peak: %s%n", jvm.largestGroups(6));
        out.flush();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
