package org.igdlab.runner.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.PlannedCell;
import org.igdlab.runner.plan.Planner;
import org.igdlab.runner.plan.SkippedCell;
import org.igdlab.runner.scenario.Exclusion;
import org.igdlab.runner.scenario.Expectation;
import org.igdlab.runner.scenario.Expectations;
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
            "Every cell of the suite with its host and its expectation, and every skipped cell with the reason.",
            "A suite's control cells (its control: block; ids control.<host>.<machine>.<firmware>) come first",
            "on each host: the guest with QEMU's emulated VGA at 00:02.0 instead of the IGD. A host whose",
            "control cell fails or breaks has its other cells reported broken, not run."})
final class PlanCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions inputs;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}). Valid values: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Override
    public Integer call() throws Exception {
        LabPaths paths = LabPaths.fromSystem();
        Inventory inventory = InventoryLoader.load(inputs.inventory(paths), inputs.artifacts(paths));
        Plan plan = Planner.plan(SuiteLoader.load(inputs.suite(paths)), inventory,
                Expectations.load(inputs.expectations(paths)));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(json(plan));
        } else {
            text(plan, out);
        }
        out.flush();
        return ExitCodes.OK;
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
            out.printf("%-" + width + "s %-8s qemu %-7s 0xFC %-18s 0x5C %-18s 0xC0 %-18s GGC %-22s display %s%n",
                    cell.cell().id(), cell.host().name(), qemu(e.qemu()), e.asls(), e.bdsm(), e.bdsm64(),
                    e.ggcValue().isPresent() ? String.format("0x%04x (x-igd-gms)", e.ggcValue().getAsLong()) : e.ggc(),
                    cell.host().display().connected()
                            ? "pre-os " + e.display().preOs().word() + ", os " + e.display().os().word()
                            : "not judged (no monitor)");
        }
        for (SkippedCell skipped : plan.skipped()) {
            out.printf("%-" + width + "s SKIPPED  %s%n", skipped.cell().id(), skipped.reason());
        }
    }

    private static String qemu(QemuOutcome outcome) {
        return outcome instanceof QemuOutcome.Refuses ? "refuses" : "starts";
    }

    private static String json(Plan plan) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("suite", plan.suite());
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
