package org.igdlab.runner.repro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.igdlab.runner.inspect.InspectedDevice;
import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.scenario.Cell;

/**
 * The suite a report becomes: the reporter's cell plus its neighbours (the other firmware, the
 * other machine, the other x-igd-opregion values, the neighbouring generations) as single-valued
 * axes of a full-coverage suite, loadable by {@code SuiteLoader}; and a sidecar
 * {@code <id>.report.yaml} with everything the suite format has no place for.
 *
 * @param id           {@code yyyymmdd-<8 hex of SHA-256 of the input>}
 * @param axes         axis → values, the reporter's value first
 * @param reporterCell the id of the reporter's cell among the suite's cells
 * @param neighbours   cell id → what differs from the reporter's cell
 */
public record ReproScenario(String id, String guest, Map<String, List<String>> axes, String reporterCell,
                            Map<String, String> neighbours) {
    public static final Pattern ID = Pattern.compile("^[a-z0-9-]+$");
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "machine", List.of("pc", "q35"), "firmware", List.of("seabios", "seabios-old", "ovmf"), "mode", List.of("legacy", "upt"),
            "x-igd-opregion", List.of("on", "off", "default"), "guest", List.of("linux", "windows"));
    /** The client line, oldest first: a generation's neighbours are the ones next to it here. */
    static final List<Generation> MAINLINE = List.of(Generation.SANDY_BRIDGE, Generation.IVY_BRIDGE, Generation.HASWELL,
            Generation.BROADWELL, Generation.SKYLAKE, Generation.KABY_LAKE, Generation.COFFEE_LAKE, Generation.COMET_LAKE,
            Generation.ICE_LAKE, Generation.TIGER_LAKE, Generation.ALDER_LAKE, Generation.RAPTOR_LAKE,
            Generation.METEOR_LAKE, Generation.ARROW_LAKE, Generation.LUNAR_LAKE, Generation.PANTHER_LAKE);

    /** What was written. */
    public record Written(Path suite, Path sidecar) {
    }

    public ReproScenario {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id (" + id + ") must match " + ID.pattern());
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        axes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        axes = java.util.Collections.unmodifiableMap(copy);
        neighbours = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(neighbours));
    }

    /** {@code yyyymmdd-} and the first 8 hex digits of the SHA-256 of the input. */
    public static String idFor(String input, LocalDate date) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            StringBuilder s = new StringBuilder(date.format(DateTimeFormatter.BASIC_ISO_DATE)).append('-');
            for (int i = 0; i < 4; i++) {
                s.append(String.format("%02x", h[i]));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The neighbouring generations of {@code g} on the client line (one or two). */
    public static List<Generation> neighbours(Generation g) {
        int at = MAINLINE.indexOf(g);
        List<Generation> out = new ArrayList<>();
        if (at >= 0) {
            if (at > 0) {
                out.add(MAINLINE.get(at - 1));
            }
            if (at + 1 < MAINLINE.size()) {
                out.add(MAINLINE.get(at + 1));
            }
            return out;
        }
        // not on the client line (Atom parts, Amber/Cannon Lake): the client parts around it in the table
        List<Generation> all = List.of(Generation.values());
        for (int i = all.indexOf(g) - 1; i >= 0; i--) {
            if (MAINLINE.contains(all.get(i))) {
                out.add(all.get(i));
                break;
            }
        }
        for (int i = all.indexOf(g) + 1; i < all.size(); i++) {
            if (MAINLINE.contains(all.get(i))) {
                out.add(all.get(i));
                break;
            }
        }
        return out;
    }

    /**
     * The scenario for {@code report}. {@code generation} overrides (or supplies) the report's
     * generation; without either, this refuses: a suite cannot run without one.
     */
    public static ReproScenario of(ReproReport report, String id, Optional<Generation> generation) {
        Generation g = generation.orElseGet(() -> report.axis("generation").map(d -> Generation.fromId(d.value()))
                .orElseThrow(() -> new IllegalArgumentException("the report names no IGD generation (no device ID in a "
                        + "dump or the text, no romfile ID, no platform name); pass --generation, one of "
                        + Generation.ids())));
        Map<String, String> cell = new LinkedHashMap<>();
        cell.put("generation", g.id());
        for (String axis : List.of("machine", "firmware", "mode", "x-igd-opregion")) {
            cell.put(axis, checked(axis, report.cell().get(axis).value()));
        }
        String guest = checked("guest", report.cell().get("guest").value());
        Map<String, List<String>> axes = new LinkedHashMap<>();
        Map<String, String> neighbours = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : cell.entrySet()) {
            List<String> values = new ArrayList<>(List.of(e.getValue()));
            List<String> others = e.getKey().equals("generation")
                    ? neighbours(g).stream().map(Generation::id).toList()
                    : e.getKey().equals("mode") ? List.of()
                    : ALLOWED.get(e.getKey()).stream().filter(v -> !v.equals(e.getValue())).toList();
            for (String o : others) {
                values.add(o);
                Map<String, String> n = new LinkedHashMap<>(cell);
                n.put(e.getKey(), o);
                neighbours.put(Cell.of(n, guest).id(), e.getKey() + "=" + o);
            }
            axes.put(e.getKey(), values);
        }
        return new ReproScenario(id, guest, axes, Cell.of(cell, guest).id(), neighbours);
    }

    private static String checked(String axis, String value) {
        if (!ALLOWED.get(axis).contains(value)) {
            throw new IllegalArgumentException(axis + " (" + value + ") is not one of " + ALLOWED.get(axis));
        }
        return value;
    }

    /** The suite's name, as its file says. */
    public String suiteName() {
        return "repro-" + id;
    }

    /** The suite file's text: only allow-listed axis values, nothing else from the report. */
    public String suiteYaml() {
        StringBuilder s = new StringBuilder();
        s.append("# Written by lab repro: a pasted bug report's IGD cell and its neighbours.\n");
        s.append("# The reporter's cell is ").append(reporterCell).append(". What the report said, and what\n");
        s.append("# could not be used, is in ").append(id).append(".report.yaml next to this file.\n");
        s.append("version: 1\n");
        s.append("suite: ").append(suiteName()).append('\n');
        s.append("description: reproduction of a bug report, reporter's cell ").append(reporterCell).append('\n');
        s.append("coverage: full\n");
        s.append("guest: ").append(guest).append('\n');
        s.append("axes:\n");
        axes.forEach((axis, values) -> s.append("  ").append(axis).append(": [")
                .append(String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList())).append("]\n"));
        return s.toString();
    }

    /** The sidecar: everything the report said, as quoted YAML data. */
    public String sidecarYaml(ReproReport report) {
        YAMLMapper mapper = YAMLMapper.builder().disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
        ObjectNode root = mapper.createObjectNode();
        root.put("repro", id);
        root.put("suite", id + ".yaml");
        root.put("reporterCell", reporterCell);
        ObjectNode n = root.putObject("neighbours");
        neighbours.forEach(n::put);
        ObjectNode cell = root.putObject("cell");
        report.cell().forEach((k, d) -> derived(cell.putObject(k), d));
        ArrayNode extra = root.putArray("notYetAxes");
        report.extras().forEach(d -> derived(extra.addObject().put("name", d.name()), d));
        report.versions().forEach(d -> derived(extra.addObject().put("name", d.name() + " version"), d));
        ArrayNode versions = root.putArray("versions");
        report.versions().forEach(d -> derived(versions.addObject().put("name", d.name()), d));
        ArrayNode obs = root.putArray("observations");
        report.observations().forEach(d -> derived(obs.addObject().put("what", d.name()), d));
        ArrayNode devices = root.putArray("devices");
        for (ReproReport.RoleDevice rd : report.devices()) {
            InspectedDevice d = rd.device();
            ObjectNode o = devices.addObject();
            o.put("role", rd.role());
            o.put("roleSource", rd.roleSource());
            o.put("bdf", d.bdf());
            o.put("id", InspectReportHex.id(d));
            o.put("generation", d.generation().map(Generation::id).orElse("unknown"));
            o.put("asls", InspectReportHex.hex(d.registers().asls(), 8));
            o.put("bdsm", InspectReportHex.hex(d.registers().bdsm(), 8));
            o.put("bdsm64", InspectReportHex.hex(d.registers().bdsm64(), 16));
            o.put("ggc", InspectReportHex.hex(d.registers().ggc(), 4));
            ArrayNode missing = o.putArray("missing");
            d.missing().forEach(r -> missing.add(r.toString()));
            o.put("lines", d.dump().firstLine() + "-" + d.dump().lastLine());
        }
        ArrayNode unusable = root.putArray("unusable");
        report.unusable().forEach(u -> unusable.addObject().put("line", u.line()).put("text", u.text()).put("why", u.why()));
        ArrayNode unused = root.putArray("unusedText");
        report.unusedText().forEach(u -> unused.addObject().put("line", u.line()).put("text", u.text()).put("why", u.why()));
        try {
            return "# What `lab repro` read in the report behind " + id + ".yaml. Data only: every string is quoted.\n"
                    + mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render the sidecar: " + e.getMessage(), e);
        }
    }

    private static void derived(ObjectNode o, Derived d) {
        o.put("value", d.value());
        o.put("source", d.source());
        if (!d.others().isEmpty()) {
            ArrayNode a = o.putArray("othersSaid");
            d.others().forEach(a::add);
        }
    }

    /** Writes {@code <id>.yaml} and {@code <id>.report.yaml} into {@code dir}. */
    public Written write(ReproReport report, Path dir) throws IOException {
        Objects.requireNonNull(report, "report");
        Files.createDirectories(dir);
        Path suite = dir.resolve(id + ".yaml");
        Path sidecar = dir.resolve(id + ".report.yaml");
        Files.writeString(suite, suiteYaml(), StandardCharsets.UTF_8);
        Files.writeString(sidecar, sidecarYaml(report), StandardCharsets.UTF_8);
        return new Written(suite, sidecar);
    }
}
