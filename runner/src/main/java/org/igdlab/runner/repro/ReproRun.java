package org.igdlab.runner.repro;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.igdlab.runner.inspect.InspectedDevice;
import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryException;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.qemu.QemuCommandLine;
import org.igdlab.runner.repro.ReproVerdict.Kind;
import org.igdlab.runner.repro.ReproVerdict.Observed;
import org.igdlab.runner.repro.ReproVerdict.Register;
import org.igdlab.runner.repro.ReproVerdict.Reported;
import org.igdlab.runner.run.CellOutcome;
import org.igdlab.runner.run.EmbeddedLab;
import org.igdlab.runner.run.LabRun;
import org.igdlab.runner.run.RunBudgets;
import org.igdlab.runner.run.RunRequest;
import org.igdlab.runner.run.RunResult;
import org.igdlab.runner.scenario.Cell;
import org.igdlab.runner.scenario.ScenarioException;
import org.igdlab.runner.verdict.ConfigSpace;
import org.igdlab.runner.verdict.IgdRegisters;
import org.igdlab.runner.verdict.LspciDump;

/**
 * The run half of {@code lab repro}: pick a host like the reporter's, run the reporter's cell and
 * its neighbours through {@link LabRun}, read what each cell's guest saw from its Allure result
 * (the guest lspci dump, decoded here with {@link LspciDump}) and answer with {@link ReproVerdict}.
 */
public final class ReproRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where things are. */
    public record Inputs(Path inventory, Path artifacts, Path expectations, Path reportsDir, Path scenarioDir,
                         Optional<Path> allureHome) {
    }

    /** The answer and the text printed for it. */
    public record Outcome(ReproVerdict.Answer answer, String text) {
    }

    /** The host the repro runs on, and why it was chosen. */
    record Choice(Host host, String why) {
    }

    private ReproRun() {
    }

    public static Outcome run(ReproReport report, ReproScenario scenario, Inputs in, Clock clock, PrintWriter out,
                              Optional<EmbeddedLab> lab) throws InventoryException, ScenarioException, IOException {
        Inventory inventory = InventoryLoader.load(in.inventory(), in.artifacts());
        Map<String, String> cell = reporterAxes(scenario);
        Generation g = Generation.fromId(cell.get("generation"));
        OptionalInt deviceId = reportedDeviceId(report);
        Optional<Choice> choice = choose(inventory, deviceId, g);
        if (choice.isEmpty()) {
            String hosts = String.join(", ", inventory.hosts().stream()
                    .map(h -> h.name() + " (" + h.generation().id() + ")").toList());
            return new Outcome(ReproVerdict.Answer.CANNOT_RUN, "Verdict: cannot run here: no host of generation "
                    + g.id() + " (hosts: " + hosts + ")\n");
        }
        Host host = choice.get().host();

        List<String> generations = new ArrayList<>(List.of(g.id()));
        for (Generation n : ReproScenario.neighbours(g)) {
            if (!inventory.hostsOf(n).isEmpty()) {
                generations.add(n.id());
            }
        }
        Map<String, List<String>> axes = new LinkedHashMap<>(scenario.axes());
        axes.put("generation", generations);
        Map<String, String> neighbours = new LinkedHashMap<>();
        scenario.neighbours().forEach((id, what) -> {
            if (!what.startsWith("generation=") || generations.contains(what.substring("generation=".length()))) {
                neighbours.put(id, what);
            }
        });
        ReproScenario runScenario = new ReproScenario(scenario.id(), scenario.guest(), axes, scenario.reporterCell(), neighbours);
        Files.createDirectories(in.scenarioDir());
        Path suite = in.scenarioDir().resolve(scenario.id() + ".run.yaml");
        Files.writeString(suite, runScenario.suiteYaml(), StandardCharsets.UTF_8);

        StringBuilder head = new StringBuilder();
        head.append("Repro ").append(scenario.id()).append(" on ").append(host.name()).append(" (")
                .append(host.generation().id()).append(", 8086:").append(host.igd().deviceId()).append(": ")
                .append(choice.get().why()).append(")\n");
        String qemu = host.installedOfKind("qemu").map(i -> i.artifact().version()).orElse("?");
        String reportedQemu = report.versions().stream().filter(d -> d.name().equals("qemu")).map(Derived::value)
                .findFirst().map(v -> "QEMU " + v).orElse("not given");
        head.append("Ran on QEMU ").append(qemu).append("; the report's QEMU version (").append(reportedQemu)
                .append(") is not an axis yet.\n");
        head.append("Cells: the reporter's cell plus ").append(neighbours.size()).append(" neighbours, from ")
                .append(suite).append('\n');
        List<String> absent = ReproScenario.neighbours(g).stream().map(Generation::id).filter(n -> !generations.contains(n))
                .toList();
        if (!absent.isEmpty()) {
            head.append("Not run: the neighbouring generation(s) ").append(String.join(", ", absent))
                    .append(" (no host in the inventory)\n");
        }
        out.print(head);
        out.flush();

        String runId = "repro-" + scenario.id();
        for (int i = 2; Files.exists(in.reportsDir().resolve("runs").resolve(runId).resolve("allure-results")); i++) {
            runId = "repro-" + scenario.id() + "-" + i;
        }
        RunResult result = new LabRun(clock, out, lab).run(new RunRequest(in.inventory(), in.artifacts(), suite,
                in.expectations(), in.reportsDir(), Optional.of(runId), in.allureHome(), RunBudgets.defaults()));

        Map<String, Observed> observed = observed(result, runScenario.suiteName(), inventory);
        List<Reported> reported = reported(report, g);
        List<String> consistent = consistentCells(report, cell, scenario.guest());
        ReproVerdict.Result verdict = ReproVerdict.judge(reported, consistent, observed);
        return new Outcome(verdict.answer(), render(runScenario, cell, reported, observed, verdict, consistent, host,
                result.runDir()));
    }

    static Map<String, String> reporterAxes(ReproScenario s) {
        Map<String, String> cell = new LinkedHashMap<>();
        s.axes().forEach((k, v) -> cell.put(k, v.get(0)));
        return cell;
    }

    /** The IGD device ID the report shows: the host dump's, else the guest's. */
    static OptionalInt reportedDeviceId(ReproReport report) {
        for (String role : List.of("host", "guest")) {
            for (ReproReport.RoleDevice d : report.devices()) {
                if (d.role().equals(role) && d.device().kind() == InspectedDevice.Kind.IGD && d.device().deviceId().isPresent()) {
                    return d.device().deviceId();
                }
            }
        }
        return OptionalInt.empty();
    }

    /** A host of the report's device ID, else of its generation. */
    static Optional<Choice> choose(Inventory inventory, OptionalInt deviceId, Generation g) {
        if (deviceId.isPresent()) {
            for (Host h : inventory.hostsOf(g)) {
                if (h.igd().deviceIdValue() == deviceId.getAsInt()) {
                    return Optional.of(new Choice(h, "same device ID as the report"));
                }
            }
        }
        List<Host> same = inventory.hostsOf(g);
        if (same.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Choice(same.get(0), deviceId.isPresent()
                ? String.format("same generation; no host has the report's 8086:%04x", deviceId.getAsInt())
                : "same generation; the report shows no device ID"));
    }

    /**
     * What the report says the guest read: the guest dump's ASLS and BDSM (BDSM64 from Gen11), each
     * classified against the report's host dump; a sentence ("0xFC is zero") where there is no dump value.
     */
    public static List<Reported> reported(ReproReport report, Generation g) {
        Optional<InspectedDevice> guest = igd(report, "guest");
        Optional<InspectedDevice> host = igd(report, "host");
        List<Register> registers = new ArrayList<>(List.of(Register.ASLS));
        if (g.bdsmRegister() == Generation.BdsmRegister.DWORD_5C) {
            registers.add(Register.BDSM);
        } else if (g.bdsmRegister() == Generation.BdsmRegister.QWORD_C0) {
            registers.add(Register.BDSM64);
        }
        List<Reported> out = new ArrayList<>();
        for (Register r : registers) {
            OptionalLong v = guest.map(d -> value(d.registers(), r)).orElse(OptionalLong.empty());
            if (v.isPresent()) {
                OptionalLong hv = host.map(d -> value(d.registers(), r)).orElse(OptionalLong.empty());
                Optional<Long> hostValue = hv.isPresent() ? Optional.of(hv.getAsLong()) : Optional.empty();
                out.add(new Reported(r, v, ReproVerdict.classifyReported(r, v.getAsLong(), hostValue),
                        "guest dump " + guest.get().bdf() + ", lines " + guest.get().dump().firstLine() + "-"
                                + guest.get().dump().lastLine()));
                continue;
            }
            String said = "text says " + r.name() + String.format(" 0x%02X", r.offset());
            report.observations().stream().filter(o -> o.name().equals(said) && o.value().equals("zero")).findFirst()
                    .ifPresent(o -> out.add(new Reported(r, OptionalLong.of(0), Kind.ZERO, o.source())));
        }
        return out;
    }

    private static Optional<InspectedDevice> igd(ReproReport report, String role) {
        return report.devices().stream().filter(d -> d.role().equals(role) && d.device().kind() == InspectedDevice.Kind.IGD)
                .map(ReproReport.RoleDevice::device).findFirst();
    }

    static OptionalLong value(IgdRegisters regs, Register r) {
        if (r.equals(Register.ASLS)) {
            return regs.asls();
        }
        return r.equals(Register.BDSM) ? regs.bdsm() : regs.bdsm64();
    }

    /**
     * The reporter's cell, then the cells that differ only on what the report leaves open: an axis
     * it does not state (its value is a default), and the SeaBIOS version when it says SeaBIOS but
     * gives no version (seabios-old is then as likely as seabios).
     */
    static List<String> consistentCells(ReproReport report, Map<String, String> cell, String guest) {
        Map<String, List<String>> open = new LinkedHashMap<>();
        for (String axis : List.of("machine", "firmware", "x-igd-opregion")) {
            Derived d = report.cell().get(axis);
            if (d != null && d.source().startsWith("the report does not")) {
                open.put(axis, axis.equals("machine") ? List.of("pc", "q35")
                        : axis.equals("firmware") ? List.of("seabios", "seabios-old", "ovmf") : List.of("on", "off", "default"));
            }
        }
        boolean seabiosVersionGiven = report.versions().stream().anyMatch(d -> d.name().equals("seabios"));
        if (!open.containsKey("firmware") && cell.get("firmware").equals("seabios") && !seabiosVersionGiven) {
            open.put("firmware", List.of("seabios", "seabios-old"));
        }
        return ReproVerdict.consistentCells(cell, open).stream().map(c -> Cell.of(c, guest).id()).toList();
    }

    /** Each cell's guest registers, from the guest lspci dump its Allure result carries. */
    static Map<String, Observed> observed(RunResult result, String suite, Inventory inventory) throws IOException {
        Map<String, CellOutcome> outcomes = new HashMap<>();
        result.outcomes().forEach(o -> outcomes.put(o.cellId(), o));
        Map<String, Observed> out = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(result.allureResults())) {
            files = s.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList();
        }
        for (Path f : files) {
            JsonNode r = JSON.readTree(f.toFile());
            String full = r.path("fullName").asText("");
            if (!full.startsWith(suite + ".")) {
                continue;
            }
            String id = full.substring(suite.length() + 1);
            CellOutcome outcome = outcomes.get(id);
            String hostName = outcome != null ? outcome.hostName() : parameter(r, "host");
            Map<Register, Long> host = new HashMap<>();
            inventory.host(hostName).ifPresent(h -> {
                host.put(Register.ASLS, h.igd().registers().asls());
                host.put(Register.BDSM, h.igd().registers().bdsm());
                h.igd().registers().bdsm64().ifPresent(v -> host.put(Register.BDSM64, v));
            });
            Map<Register, OptionalLong> values = new HashMap<>();
            Optional<String> dump = attachment(r, "guest lspci", result.allureResults());
            if (dump.isPresent()) {
                List<ConfigSpace> spaces = LspciDump.parse(dump.get());
                if (!spaces.isEmpty()) {
                    IgdRegisters regs = IgdRegisters.decode(spaces.get(0));
                    for (Register reg : ReproVerdict.ALL) {
                        values.put(reg, value(regs, reg));
                    }
                }
            }
            String status = outcome != null ? outcome.status() : r.path("status").asText("?");
            String note = outcome instanceof CellOutcome.Broken b ? "broken at " + b.step() + ": " + b.message()
                    : outcome instanceof CellOutcome.Skipped s ? "skipped: " + s.reason()
                    : dump.isEmpty() ? status + ", no guest dump" : status;
            out.put(id, new Observed(id, status, values, host, note));
        }
        return out;
    }

    private static String parameter(JsonNode r, String name) {
        for (JsonNode p : r.path("parameters")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("value").asText();
            }
        }
        return "";
    }

    private static Optional<String> attachment(JsonNode result, String prefix, Path dir) throws IOException {
        List<JsonNode> pending = new ArrayList<>(List.of(result));
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(0);
            for (JsonNode a : node.path("attachments")) {
                if (a.path("name").asText().startsWith(prefix)) {
                    Path file = dir.resolve(a.path("source").asText()).normalize();
                    if (file.startsWith(dir) && Files.isRegularFile(file)) {
                        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
                    }
                }
            }
            node.path("steps").forEach(pending::add);
        }
        return Optional.empty();
    }

    /** A neighbour as a reader knows it: {@code firmware seabios-old (SeaBIOS < 1.10)}. */
    static String describe(String change, Host host) {
        String[] kv = change.split("=", 2);
        String text = kv[0] + " " + kv[1];
        if (kv[0].equals("firmware") && kv[1].startsWith("seabios")) {
            boolean old = kv[1].equals("seabios-old");
            String version;
            try {
                Map<String, String> axes = new LinkedHashMap<>();
                axes.put("generation", host.generation().id());
                axes.put("machine", "pc");
                axes.put("firmware", kv[1]);
                axes.put("mode", "upt");
                axes.put("x-igd-opregion", "default");
                version = ", " + QemuCommandLine.seabios(host, old, Cell.of(axes, "linux")).artifact().version() + " on "
                        + host.name();
            } catch (IllegalArgumentException e) {
                version = ", none installed on " + host.name();
            }
            text += old ? " (SeaBIOS < 1.10" + version + ")" : " (SeaBIOS ≥ 1.10" + version + ")";
        }
        return text;
    }

    static String render(ReproScenario s, Map<String, String> cell, List<Reported> reported, Map<String, Observed> cells,
                         ReproVerdict.Result verdict, List<String> consistent, Host host, Path runDir) {
        StringBuilder t = new StringBuilder("\n");
        if (reported.isEmpty()) {
            t.append("The report gives no guest register value (0xFC, 0x5C or 0xC0) to compare.\n");
        }
        Observed mine = cells.get(s.reporterCell());
        t.append("Reported | observed in the reporter's cell ").append(s.reporterCell()).append(" (firmware ")
                .append(describe("firmware=" + cell.get("firmware"), host).substring("firmware ".length())).append("):\n");
        t.append(String.format("  %-12s %-36s %s%n", "register", "reported", "observed"));
        for (Reported r : reported) {
            String obs = mine == null ? "not run" : mine.text(r.register());
            boolean same = mine != null && ReproVerdict.shows(mine, List.of(r));
            t.append(String.format("  %-12s %-36s %s  %s%n", r.register().label(), r.text(), obs, same ? "same" : "differs"));
        }
        for (Reported r : reported) {
            t.append("  (").append(r.register().label()).append(" reported: ").append(r.source()).append(")\n");
        }
        t.append("\nNeighbours (one axis changed from the reporter's cell), against the report:\n");
        for (Map.Entry<String, String> n : s.neighbours().entrySet()) {
            Observed o = cells.get(n.getKey());
            StringBuilder vals = new StringBuilder();
            for (Reported r : reported) {
                if (vals.length() > 0) {
                    vals.append(", ");
                }
                vals.append(String.format("0x%02X", r.register().offset())).append(" = ")
                        .append(o == null ? "not run" : o.text(r.register()));
            }
            boolean as = o != null && ReproVerdict.shows(o, reported);
            t.append("  with ").append(describe(n.getValue(), host)).append(": ").append(vals)
                    .append(as ? " — as reported" : " — differs").append('\n');
        }
        t.append('\n');
        if (verdict.answer() == ReproVerdict.Answer.REPRODUCED) {
            String m = verdict.matching().orElseThrow();
            t.append("Verdict: reproduced in ").append(m);
            if (!m.equals(s.reporterCell())) {
                t.append(" (").append(differences(s.reporterCell(), m)).append(": the report leaves this open)");
            }
            t.append('\n');
        } else {
            t.append("Verdict: not reproduced: no cell the report allows (").append(String.join(", ", consistent))
                    .append(") shows every reported value\n");
        }
        List<String> right = new ArrayList<>();
        for (Map.Entry<String, String> n : s.neighbours().entrySet()) {
            Observed o = cells.get(n.getKey());
            if (o != null && !reported.isEmpty() && !ReproVerdict.shows(o, reported) && o.values().values().stream()
                    .anyMatch(OptionalLong::isPresent)) {
                right.add(describe(n.getValue(), host));
            }
        }
        if (mine != null && !reported.isEmpty() && !ReproVerdict.shows(mine, reported)) {
            right.add(0, "the reporter's cell as read (firmware " + describe("firmware=" + cell.get("firmware"), host)
                    .substring("firmware ".length()) + ")");
        }
        if (!right.isEmpty()) {
            String regs = String.join(", ", reported.stream().map(r -> String.format("0x%02X", r.register().offset())).toList());
            t.append("Where ").append(regs).append(" is not as reported (the firmware/option that makes it right): ")
                    .append(String.join("; ", right)).append('\n');
        }
        t.append("\n\"Reproduced\" means: the reporter's cell, or one that differs from it only where the report is\n"
                + "silent (an axis it does not state, the SeaBIOS version when it gives none), shows every reported\n"
                + "guest value as the report does: zero, the host's value, or firmware-allocated (a non-zero value\n"
                + "other than the host's; addresses differ from machine to machine, so only the kind is compared).\n");
        t.append("Results: ").append(runDir).append('\n');
        return t.toString();
    }

    private static String differences(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        List<String> d = new ArrayList<>();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                d.add(y[i]);
            }
        }
        return String.join(", ", d);
    }
}
