package org.igdlab.runner.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.plan.Durations;
import org.igdlab.runner.plan.Estimate;
import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.PlannedCell;
import org.igdlab.runner.plan.Planner;
import org.igdlab.runner.plan.Shard;
import org.igdlab.runner.plan.SkippedCell;
import org.igdlab.runner.scenario.Exclusion;
import org.igdlab.runner.scenario.Expectation;
import org.igdlab.runner.scenario.GuestExpectation;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.QemuBuild;
import org.igdlab.runner.scenario.QemuOutcome;
import org.igdlab.runner.scenario.SuiteLoader;
import org.igdlab.runner.verdict.ControlJudge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab plan}: what a run would do, without touching a host. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Print what a run would do, touching no host.", "",
            "Every cell of the suite with its host and its expectation, in the order each host runs them, and "
                + "every skipped cell with the reason.", "",
            "A suite's control cells (its control: block; ids control.<host>.<machine>.<firmware>) come first "
                + "on each host: the guest with QEMU's emulated VGA at 00:02.0 instead of the IGD. A host whose "
                + "control cell fails or breaks has its other cells reported broken, not run.", "",
            "A suite names its guest (linux, windows) at the top level or as the axis `guest`; a Windows cell's id "
                + "ends in .guest-windows. The JSON lists each cell's guest and, where the oracle judges them, the guest "
                + "drivers' reactions (guestLog: the Linux kernel log; windows: ok or code43).", "",
            "Each host's cells are grouped by kernel (suite axis `kernel`: default, or a release of the inventory's "
                + "`kernels:`), its booted kernel first, so each other kernel is booted once. A generation's hosts share "
                + "its cells, balanced by estimated work, longest first.", "",
            "A cell that names a QEMU build (suite axis `qemu`: default, the host's first installed qemu build, or the "
                + "name of a qemu artifact of artifacts.yaml such as qemu-9.2.4) goes only to a host that has it installed; "
                + "otherwise it is skipped with the reason. Its line ends with the build and its band (igd-model.md: "
                + "A 2.7-9.1, B 9.2, C 10.0, D 10.1, E 10.2); JSON gives qemuBuild and qemuBand for every cell.", "",
            "--estimate prints, per host, its cells, reboots and estimated work, then the makespan (the busiest host) "
                + "against a lower bound no schedule can beat: max(total work ÷ hosts, a generation's work ÷ its hosts). "
                + "Durations come from the inventory's block `durations: {cell: SECONDS, reboot: SECONDS}` (default: "
                + "cell 120, reboot 180), or, with --from-run, are measured from an earlier run's allure-results."},
        footer = {"", "Examples:",
            "  lab plan --estimate",
            "  lab plan --estimate --from-run reports/latest",
            "  lab plan --shard 2/4      the slice `lab run --shard 2/4` runs",
            "", ExitCodes.HELP})
final class PlanCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions inputs;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}). Valid values: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Option(names = "--estimate", description = "Print per host: cells, reboots and estimated work; then the makespan "
            + "against its lower bound, and their ratio.")
    boolean estimate;

    @Option(names = "--from-run", paramLabel = "RUN_DIR", description = "With --estimate: take each cell's duration "
            + "(and the reboot time) from an earlier run directory's allure-results; cells it did not time use the "
            + "inventory's durations.")
    Path fromRun;

    @Option(names = "--shard", paramLabel = "K/N", description = "Only shard K of N (1 ≤ K ≤ N): a disjoint slice "
            + "of the hosts, a generation's hosts kept together, and their cells; the same slice `lab run --shard K/N` runs.")
    String shard;

    @Override
    public Integer call() throws Exception {
        LabPaths paths = LabPaths.fromSystem();
        if (fromRun != null && !estimate) {
            throw new IllegalArgumentException("--from-run needs --estimate (it changes only the estimate)");
        }
        Shard slice = shard == null ? Shard.whole() : Shard.parse(shard);
        Path inventoryFile = inputs.inventory(paths);
        Inventory inventory = InventoryLoader.load(inventoryFile, inputs.artifacts(paths));
        Durations configured = Durations.fromInventory(inventoryFile);
        Plan whole = Planner.plan(SuiteLoader.load(inputs.suite(paths)), inventory,
                Expectations.load(inputs.expectations(paths)), configured);
        // The slice is made with the inventory's durations, as `lab run --shard` makes it.
        Plan plan = slice.slice(whole, inventory, configured);
        List<Host> hosts = slice.hosts(whole, inventory, configured);
        Durations durations = fromRun == null ? configured : configured.measuredIn(fromRun);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(json(plan, estimate ? Estimate.of(plan, hosts, durations) : null, slice));
        } else if (estimate) {
            estimate(plan, Estimate.of(plan, hosts, durations), durations, slice, out);
        } else {
            if (shard != null) {
                out.printf("shard %s: hosts %s%n", slice, hosts.stream().map(Host::name).toList());
            }
            text(plan, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void estimate(Plan plan, Estimate e, Durations d, Shard slice, PrintWriter out) {
        out.printf("suite %s%s: %d cells on %d hosts, %d skipped; cell %s, reboot %s (%s)%n", plan.suite(),
                shard == null ? "" : ", shard " + slice, plan.cells().size(), e.hosts().size(), plan.skipped().size(),
                human(d.cell()), human(d.reboot()), fromRun != null ? d.perCell().size() + " cells measured in " + fromRun
                        : "inventory durations: or defaults");
        out.println();
        int width = Math.max(4, e.hosts().stream().mapToInt(h -> h.host().length()).max().orElse(0));
        out.printf("%-" + width + "s %6s %8s %12s%n", "host", "cells", "reboots", "work");
        for (Estimate.HostLoad h : e.hosts()) {
            out.printf("%-" + width + "s %6d %8d %12s%n", h.host(), h.cells(), h.reboots(), human(h.work()));
        }
        out.println();
        out.printf("total work   %s%n", human(e.totalWork()));
        out.printf("makespan     %s%n", human(e.makespan()));
        out.printf("lower bound  %s  (%s)%n", human(e.lowerBound()), e.boundBy());
        out.printf("ratio        %.3f%n", e.ratio());
    }

    /** {@code 1h02m03s}, {@code 4m05s}, {@code 6s}. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format("%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
        }
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private static void text(Plan plan, PrintWriter out) {
        long control = plan.cells().stream().filter(c -> c.cell().isControl()).count();
        out.printf("suite %s: coverage %s, %d cells of %d combinations, %d skipped%s%n", plan.suite(), plan.coverage(),
                plan.cells().size() - control, plan.productSize(), plan.skipped().size(),
                control == 0 ? "" : ", and " + control + " control cells (first on each host)");
        for (Exclusion x : plan.constraints()) {
            out.printf("  constraint %s excludes %s: %s%n", x.id(), x.describeWhen(), x.reason());
        }
        out.println();
        int width = Math.max(58, plan.cells().stream().mapToInt(c -> c.cell().id().length()).max().orElse(0));
        for (PlannedCell cell : plan.cells()) {
            Expectation e = cell.expectation();
            if (cell.cell().isControl()) {
                out.printf("%-" + width + "s %-8s control: %s%n", cell.cell().id(), cell.host().name(),
                        ControlJudge.EXPECTATION);
                continue;
            }
            // a Windows cell's output is judged from its display query (adapter status, monitors), not the frame
            boolean windows = cell.cell().guest().equals("windows");
            out.printf("%-" + width + "s %-8s qemu %-7s 0xFC %-18s 0x5C %-18s 0xC0 %-18s GGC %-22s %s %s%s%n",
                    cell.cell().id(), cell.host().name(), qemu(e.qemu()), e.asls(), e.bdsm(), e.bdsm64(),
                    e.ggcValue().isPresent() ? String.format("0x%04x (exact)", e.ggcValue().getAsLong()) : e.ggc(),
                    windows ? "windows" : "display",
                    windows ? "adapter " + e.guest().windows().word()
                            : cell.host().display().connected()
                            ? "pre-os " + e.display().preOs().word() + ", os " + e.display().os().word()
                            : "not judged (no monitor)",
                    cell.cell().qemu().isPresent() ? "  build " + qemuBuild(cell) : "");
        }
        for (SkippedCell skipped : plan.skipped()) {
            out.printf("%-" + width + "s SKIPPED  %s%n", skipped.cell().id(), skipped.reason());
        }
    }

    /** {@code qemu-9.2.4 (band B)}: the build the cell runs on its host, as {@link QemuBuild} decides. */
    private static String qemuBuild(PlannedCell cell) {
        return QemuBuild.of(cell.cell(), cell.host()).map(i -> i.artifact().name()
                + QemuBuild.band(cell.cell(), cell.host()).map(b -> " (band " + b + ")").orElse(" (no band)")).orElse("none");
    }

    private static String qemu(QemuOutcome outcome) {
        return outcome instanceof QemuOutcome.Refuses ? "refuses" : "starts";
    }

    private static String json(Plan plan, Estimate estimate, Shard slice) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("suite", plan.suite());
        root.put("shard", slice.toString());
        if (estimate != null) {
            ObjectNode e = root.putObject("estimate");
            ArrayNode hosts = e.putArray("hosts");
            for (Estimate.HostLoad h : estimate.hosts()) {
                hosts.addObject().put("host", h.host()).put("cells", h.cells()).put("reboots", h.reboots())
                        .put("workSeconds", h.work().toMillis() / 1000.0);
            }
            e.put("totalWorkSeconds", estimate.totalWork().toMillis() / 1000.0);
            e.put("makespanSeconds", estimate.makespan().toMillis() / 1000.0);
            e.put("lowerBoundSeconds", estimate.lowerBound().toMillis() / 1000.0);
            e.put("boundBy", estimate.boundBy());
            e.put("ratio", estimate.ratio());
        }
        root.put("coverage", plan.coverage());
        root.put("productSize", plan.productSize());
        root.put("cellCount", plan.cells().size());
        ArrayNode constraints = root.putArray("constraints");
        for (Exclusion x : plan.constraints()) {
            ObjectNode node = constraints.addObject();
            node.put("id", x.id());
            ObjectNode when = node.putObject("when");
            x.when().forEach((axis, values) -> values.forEach(when.withArray(axis)::add));
            node.put("reason", x.reason());
        }
        ArrayNode cells = root.putArray("cells");
        for (PlannedCell cell : plan.cells()) {
            ObjectNode node = cells.addObject();
            node.put("id", cell.cell().id());
            node.put("host", cell.host().name());
            node.put("kind", cell.cell().isControl() ? "control" : "product");
            node.put("kernel", cell.kernel());
            node.put("guest", cell.cell().guest());
            QemuBuild.of(cell.cell(), cell.host()).ifPresent(i -> node.put("qemuBuild", i.artifact().name()));
            QemuBuild.band(cell.cell(), cell.host()).ifPresent(b -> node.put("qemuBand", b.name()));
            ObjectNode axes = node.putObject("axes");
            cell.cell().axes().forEach(axes::put);
            Expectation e = cell.expectation();
            ObjectNode expect = node.putObject("expectation");
            if (cell.cell().isControl()) {
                expect.put("qemu", qemu(e.qemu()));
                expect.put("guest", ControlJudge.EXPECTATION);
                e.rules().forEach(expect.putArray("rules")::add);
                e.citations().forEach(expect.putArray("citations")::add);
                continue;
            }
            expect.put("qemu", qemu(e.qemu()));
            if (e.qemu() instanceof QemuOutcome.Refuses refuses) {
                expect.put("message", refuses.messagePattern());
            }
            e.stderrPatterns().forEach(expect.putArray("stderr")::add);
            e.fwCfg().forEach(expect.putArray("fwCfg")::add);
            expect.put("asls", e.asls().name());
            expect.put("bdsm", e.bdsm().name());
            expect.put("bdsm64", e.bdsm64().name());
            expect.put("ggc", e.ggc().name());
            e.ggcValue().ifPresent(v -> expect.put("ggcValue", String.format("0x%04x", v)));
            ObjectNode display = expect.putObject("display");
            display.put("preOs", e.display().preOs().name());
            display.put("os", e.display().os().name());
            display.put("judged", cell.host().display().connected());
            expect.put("bdsmSize", e.probes().bdsmSize().name());
            expect.put("lpc", e.probes().lpc().name());
            GuestExpectation g = e.guest();
            if (g.log().checked()) {
                ObjectNode log = expect.putObject("guestLog");
                g.log().present().forEach(log.putArray("present")::add);
                g.log().absent().forEach(log.putArray("absent")::add);
                log.put("opregion", g.log().opregionFollowsAsls() ? "follows-asls" : "unchecked");
                log.put("stolen", g.log().stolenFollowsBdsm() ? "follows-bdsm" : "unchecked");
            }
            if (g.windows() != GuestExpectation.WindowsStatus.UNCHECKED) {
                expect.put("windows", g.windows().word());
            }
            e.rules().forEach(expect.putArray("rules")::add);
            e.citations().forEach(expect.putArray("citations")::add);
        }
        ArrayNode skipped = root.putArray("skipped");
        for (SkippedCell s : plan.skipped()) {
            ObjectNode node = skipped.addObject();
            node.put("id", s.cell().id());
            ObjectNode axes = node.putObject("axes");
            s.cell().axes().forEach(axes::put);
            node.put("reason", s.reason());
        }
        return mapper.writeValueAsString(root);
    }
}
