package org.igdlab.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab bench}: fleet benchmarks on the twin. Figures, not pass/fail: see README "Benchmarks". */
@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Fleet benchmarks on the twin (simulated delays at zero). Each prints a markdown table.",
            "",
            "overhead: per-cell time of `lab run` on one twin host, against a bash script making the same remote "
                + "calls with one OpenSSH ssh process per call; the ratio.",
            "scale: one runner driving many twin hosts at once (default 200), one cell each: wall time, peak live "
                + "threads, peak heap.",
            "",
            "The twin runs in a child JVM, so the figures are the runner's alone. scripts/bench-fleet runs both and "
                + "prints the machine they ran on; README.md (Benchmarks) has the latest figures."})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code lab bench} with its subcommands, ready to add to the {@code lab} command line. */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchCommand())
                .addSubcommand("overhead", new OverheadCommand())
                .addSubcommand("scale", new ScaleCommand())
                .addSubcommand("serve-twin", new ServeTwinCommand());
    }

    static Path home() {
        return Path.of(System.getProperty("igdlab.home", ".")).toAbsolutePath().normalize();
    }

    /** A bench's scratch directory: removed afterwards unless the user asked to keep it. */
    static void removeUnlessKept(Path dir, boolean keep, java.io.PrintWriter err) {
        if (keep) {
            err.println("lab bench: kept " + dir);
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            err.println("lab bench: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
