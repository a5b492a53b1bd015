package org.igdlab.runner.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;

import org.igdlab.runner.inventory.InventoryException;
import org.igdlab.runner.run.EmbeddedLab;
import org.igdlab.runner.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lab} command: plans and runs IGD passthrough cells on a lab, and reports them. */
@Command(name = "lab", mixinStandardHelpOptions = true, version = "igdlab 0.1.0", usageHelpAutoWidth = true,
        description = {
            "Hardware-in-the-loop lab for Intel integrated-graphics (IGD) passthrough with QEMU vfio-pci.",
            "",
            "It reaches each lab host over SSH (pinned host keys), deploys a small host agent, binds the IGD "
                + "to vfio-pci, boots guests through each assignment mode and option combination, reads what "
                + "the guest sees of the IGD (PCI config 0xFC ASLS, 0x5C/0xC0 BDSM, 0x50 GGC) and judges it "
                + "against scenarios/expectations.yaml. Results go to reports/runs/<run-id>/ as Allure results, "
                + "an Allure HTML report and JUnit XML.",
            "",
            "With no --inventory, `lab run` starts the embedded twin fleet (lab-inventory/twin.yaml): simulated "
                + "hosts behind real SSH servers on 127.0.0.1, one per GPU generation.",
            ""},
        footer = {"", "Examples:",
            "  lab run                       the nightly suite on the embedded twin fleet",
            "  lab run -i lab-inventory/hosts.yaml -s scenarios/suites/nightly.yaml",
            "  lab plan --format json        every cell, its host and its expectation",
            "  lab plan --estimate           per host cells, reboots and work; makespan against its lower bound",
            "  lab run --shard 2/4           one of four disjoint slices of the hosts (a CI job each)",
            "  lab report --merge DIR DIR... join the shards' run directories into one report",
            "  lab report reports/latest     (re)generate the HTML report of a run",
            "  lab qualify --candidate qemu=qemu-10.2.0 --baseline RUN -s scenarios/suites/release.yaml",
            "  lab inspect lspci dump.txt    decode an IGD's registers from lspci -xxxx",
            "  lab run --resume 20261207-180000   continue a run whose runner died",
            "  lab hosts                     hosts and their quarantine state",
            "", ExitCodes.HELP},
        subcommands = {RunCommand.class, PlanCommand.class, ReportCommand.class, QualifyCommand.class, InspectCommand.class,
            ReproCommand.class, TwayCommand.class, HostsCommand.class,
            CommandLine.HelpCommand.class})
public final class LabCommand implements Runnable {

    private final Optional<EmbeddedLab> embeddedLab;

    public LabCommand(Optional<EmbeddedLab> embeddedLab) {
        this.embeddedLab = embeddedLab;
    }

    Optional<EmbeddedLab> embeddedLab() {
        return embeddedLab;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * A command line for {@code lab}, with the exit-code mapping and one-line errors installed.
     * The {@code lab} module adds its own subcommands (e.g. {@code twin}) to what this returns.
     */
    public static CommandLine commandLine(Optional<EmbeddedLab> embeddedLab, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new LabCommand(embeddedLab), new Factory(embeddedLab));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter to = commandLine.getErr();
            if (e instanceof InventoryException || e instanceof ScenarioException || e instanceof IllegalArgumentException) {
                to.println("lab: " + e.getMessage());
                to.flush();
                return ExitCodes.USAGE;
            }
            if (e instanceof IOException) {
                to.println("lab: " + e.getMessage());
                to.flush();
                return ExitCodes.INTERNAL;
            }
            to.println("lab: unexpected error: " + e);
            e.printStackTrace(to);
            to.flush();
            return ExitCodes.INTERNAL;
        });
        return cli;
    }

    /** Gives subcommands the embedded lab without static state. */
    private record Factory(Optional<EmbeddedLab> embeddedLab) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == RunCommand.class) {
                return cls.cast(new RunCommand(embeddedLab));
            }
            if (cls == QualifyCommand.class) {
                return cls.cast(new QualifyCommand(embeddedLab));
            }
            if (cls == ReproCommand.class) {
                return cls.cast(new ReproCommand(embeddedLab));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
