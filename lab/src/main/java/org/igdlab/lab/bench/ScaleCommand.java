package org.igdlab.lab.bench;

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
            "Serves --hosts twin hosts (copies of the fleet's fault-free hosts, one per generation, cycled;",
            "zero simulated delays) in a child JVM, then runs one `lab run` (LabRun, no HTML) of a suite that",
            "gives each host --cells-per-host cells, all hosts in parallel as `lab run` always does. The run",
            "is cold: it includes the JVM's warm-up and one SSH connection and agent check per host.",
            "Threads: the JVM's exact peak of live threads; heap: heap in use sampled every 20 ms."},
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
                err.println("lab bench scale: " + hosts + " twin hosts up; running");
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
                return run.count("broken") > 0 ? 3 : 0;
            }
        } finally {
            BenchCommand.removeUnlessKept(work, keep, err);
        }
    }

    private void print(PrintWriter out, BenchFleet fleet, RunnerPass.Result run, JvmSampler.Figures jvm) {
        int cells = run.ran().size();
        CellTimes times = new CellTimes(run.ran().stream().map(o -> o.duration().toMillis()).toList());
        long hostsUsed = run.ran().stream().map(o -> o.hostName()).distinct().count();
        out.printf("### (c) %d twin hosts driven at once by one runner (%d cell(s) per host, simulated delays 0)%n%n",
                fleet.hosts(), cellsPerHost);
        out.println("| hosts | cells | wall s | median cell ms | slowest cell ms | peak live threads (before) | peak heap used MiB (before) | max heap MiB | outcomes |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        out.printf("| %d | %d | %.2f | %.0f | %d | %d (%d) | %.0f (%.0f) | %.0f | %s |%n", hostsUsed, cells,
                run.wall().toMillis() / 1000.0, times.median(), times.millis().stream().mapToLong(Long::longValue).max().orElse(0),
                jvm.peakThreads(), jvm.threadsBefore(), mib(jvm.peakHeap()), mib(jvm.heapBefore()), mib(jvm.maxHeap()),
                run.statuses());
        out.printf("%nlargest thread groups at the peak: %s%n", jvm.largestGroups(6));
        out.flush();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
