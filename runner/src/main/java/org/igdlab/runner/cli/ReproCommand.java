package org.igdlab.runner.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.run.EmbeddedLab;
import org.igdlab.runner.repro.ReproParser;
import org.igdlab.runner.repro.ReproReport;
import org.igdlab.runner.repro.ReproRun;
import org.igdlab.runner.repro.ReproScenario;
import org.igdlab.runner.repro.ReproSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab repro FILE|-}: reads a pasted IGD bug report, turns it into a scenario and runs it. */
@Command(name = "repro", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Reproduce a pasted IGD bug report on the lab.", "",
            "Reads QEMU command lines (any quoting, continuations, libvirt-logged),",
            "libvirt domain XML, Proxmox VM configs, lspci/earlydump dumps of host and guest, QEMU's messages,",
            "versions - and prints what was understood: the reporter's cell (generation, machine, firmware, mode,",
            "x-igd-opregion, guest), further options, observations, and everything that could not be used.",
            "Nothing from the report is executed or passed to a shell.",
            "",
            "It writes scenarios/repro/<id>.yaml (a suite: the reporter's cell plus the other firmware values",
            "(seabios = SeaBIOS >= 1.10, seabios-old = SeaBIOS < 1.10, ovmf), the other machine, the other",
            "x-igd-opregion values and the neighbouring generations) and <id>.report.yaml (what the report said).",
            "Then it picks a host of the report's device ID, else of its generation, runs the reporter's cell and",
            "its neighbours there (and on a neighbouring generation the inventory has) as run repro-<id> under",
            "reports/, and prints reported vs observed guest values, what each neighbour reads, and a verdict:",
            "  reproduced       the reporter's cell, or one differing from it only where the report is silent",
            "                   (an axis it does not state, the SeaBIOS version when it gives none), shows every",
            "                   reported guest value (0xFC, 0x5C / 0xC0) as the report does - zero, the host's",
            "                   value, or firmware-allocated (addresses differ per machine: the kind is compared)",
            "  not reproduced   the cells ran and none of those shows them all",
            "  cannot run here  no host of the report's generation in the inventory",
            "The run uses the host's QEMU: the report's QEMU version is not an axis yet.",
            "With --write-only it only writes the scenario and its sidecar."},
        footer = {"", "Examples:", "  lab repro report.txt", "  xclip -o | lab repro - --write-only", "",
            "Exit status: 0 for every verdict (reproduced, not reproduced, cannot run here: each is an answer);",
            "  2 for malformed input or bad usage; 4 for an error inside igdlab."})
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

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
            description = "Lab inventory (default: lab-inventory/twin.yaml, the embedded twin fleet).")
    Path inventory;

    @Option(names = "--artifacts", paramLabel = "FILE", description = "Artifacts (default: lab-inventory/artifacts.yaml).")
    Path artifacts;

    @Option(names = "--expectations", paramLabel = "FILE", description = "The oracle (default: scenarios/expectations.yaml).")
    Path expectations;

    @Option(names = "--reports", paramLabel = "DIR", description = "Where the run is written (default: reports/).")
    Path reports;

    @Option(names = "--no-html", description = "Skip the Allure HTML report of the run.")
    boolean noHtml;

    private final InputStream stdin;
    private final Clock clock;
    private final Optional<EmbeddedLab> embeddedLab;

    ReproCommand() {
        this(System.in, Clock.systemUTC(), Optional.empty());
    }

    ReproCommand(Optional<EmbeddedLab> embeddedLab) {
        this(System.in, Clock.systemUTC(), embeddedLab);
    }

    ReproCommand(InputStream stdin, Clock clock) {
        this(stdin, clock, Optional.empty());
    }

    ReproCommand(InputStream stdin, Clock clock, Optional<EmbeddedLab> embeddedLab) {
        this.stdin = stdin;
        this.clock = clock;
        this.embeddedLab = embeddedLab;
    }

    @Override
    public Integer call() throws Exception {
        Optional<Generation> override = generation == null ? Optional.empty() : Optional.of(Generation.fromId(generation));
        String text = InspectCommand.readInput(file, stdin);
        ReproReport report;
        try {
            report = ReproParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(InspectCommand.name(file) + ": " + e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        // Without a generation (from the report or --generation) there is no suite to write or run: a usage error.
        ReproScenario scenario;
        try {
            scenario = ReproScenario.of(report, ReproScenario.idFor(text, LocalDate.now(clock)), override);
        } catch (IllegalArgumentException e) {
            o.print(ReproSummary.text(InspectCommand.name(file), report, Optional.empty()));
            o.flush();
            throw e;
        }
        o.print(ReproSummary.text(InspectCommand.name(file), report, Optional.of(scenario)));
        LabPaths paths = LabPaths.fromSystem();
        Path dir = out != null ? out : paths.resolve("scenarios/repro");
        ReproScenario.Written w = scenario.write(report, dir);
        o.println();
        o.println("Wrote " + w.suite());
        o.println("Wrote " + w.sidecar());
        if (writeOnly) {
            o.flush();
            return ExitCodes.OK;
        }
        o.println();
        o.flush();
        Optional<Path> allure = noHtml ? Optional.empty() : paths.allureHome();
        ReproRun.Inputs inputs = new ReproRun.Inputs(
                inventory != null ? inventory : paths.resolve("lab-inventory/twin.yaml"),
                artifacts != null ? artifacts : paths.resolve("lab-inventory/artifacts.yaml"),
                expectations != null ? expectations : paths.resolve("scenarios/expectations.yaml"),
                reports != null ? reports : paths.resolve("reports"), dir, allure);
        ReproRun.Outcome outcome = ReproRun.run(report, scenario, inputs, clock, o, embeddedLab);
        o.print(outcome.text());
        o.flush();
        return ExitCodes.OK;
    }
}
