package org.igdlab.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.repro.ReproParser;
import org.igdlab.runner.repro.ReproReport;
import org.igdlab.runner.repro.ReproScenario;
import org.igdlab.runner.repro.ReproSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab repro FILE|-}: reads a pasted IGD bug report and turns it into a scenario. */
@Command(name = "repro", mixinStandardHelpOptions = true,
        description = {"Turn a pasted IGD bug report into a scenario.", "",
            "Reads QEMU command lines (any quoting, continuations, libvirt-logged),",
            "libvirt domain XML, Proxmox VM configs, lspci/earlydump dumps of host and guest, QEMU's messages,",
            "versions - and print what was understood: the reporter's cell (generation, machine, firmware, mode,",
            "x-igd-opregion, guest), further options, observations, and everything that could not be used.",
            "Nothing from the report is executed or passed to a shell.",
            "",
            "With --write-only it also writes scenarios/repro/<id>.yaml (a suite: the reporter's cell plus the",
            "other firmware, the other machine, the other x-igd-opregion values and the neighbouring",
            "generations) and <id>.report.yaml (what the report said). Running the cells is not available yet."},
        footer = {"", "Examples:", "  lab repro report.txt", "  xclip -o | lab repro - --write-only"})
final class ReproCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The report; '-' reads standard input.")
    String file;

    @Option(names = "--write-only", description = "Write the scenario and its sidecar; do not run anything.")
    boolean writeOnly;

    @Option(names = "--generation", paramLabel = "ID",
            description = "The IGD generation, when the report does not name one (or names the wrong one).")
    String generation;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: scenarios/repro in the checkout).")
    Path out;

    private final InputStream stdin;
    private final Clock clock;

    ReproCommand() {
        this(System.in, Clock.systemUTC());
    }

    ReproCommand(InputStream stdin, Clock clock) {
        this.stdin = stdin;
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        Optional<Generation> override = generation == null ? Optional.empty() : Optional.of(Generation.fromId(generation));
        String text = InspectCommand.readInput(file, stdin);
        ReproReport report;
        try {
            report = ReproParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(InspectCommand.name(file) + ": " + e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        Optional<ReproScenario> scenario = Optional.empty();
        if (writeOnly) {
            scenario = Optional.of(ReproScenario.of(report, ReproScenario.idFor(text, LocalDate.now(clock)), override));
        } else if (override.isPresent() || report.axis("generation").isPresent()) {
            scenario = Optional.of(ReproScenario.of(report, ReproScenario.idFor(text, LocalDate.now(clock)), override));
        }
        o.print(ReproSummary.text(InspectCommand.name(file), report, scenario));
        if (writeOnly) {
            Path dir = out != null ? out : LabPaths.fromSystem().resolve("scenarios/repro");
            ReproScenario.Written w = scenario.orElseThrow().write(report, dir);
            o.println();
            o.println("Wrote " + w.suite());
            o.println("Wrote " + w.sidecar());
        } else {
            o.println();
            o.println("Running repro cells is not available yet; `lab repro " + InspectCommand.name(file)
                    + " --write-only` writes the scenario.");
        }
        o.flush();
        return ExitCodes.OK;
    }
}
