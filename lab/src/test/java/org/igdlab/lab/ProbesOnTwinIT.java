package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deeper probes (issue 3 item 3) on the twin, through the real {@code lab run}:
 * scenarios/suites/probes.yaml on the unfaulted hosts of its generations passes, each new check
 * leaving its raw probe output in the cell's Allure steps; the same suite with the probe faults
 * (twin.faults {@code opregion-outside-reserved} on the Coffee Lake host, {@code opregion-bad-signature}
 * on the Alder Lake host, {@code dsm-reserved-short} on the Haswell host) fails exactly the cells where
 * the firmware placed what the fault breaks (the OpRegion copy, the DSM), naming it.
 * The guest bytes are read here from the attachments, not through the runner's parsers.
 */
class ProbesOnTwinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    /** Unfaulted hosts, one per generation of probes.yaml (cfl-02 carries a seeded fault of its own). */
    private static final List<String> CLEAN = List.of("hsw-01", "cfl-01", "adl-01", "mtl-01");
    private static final Map<String, String> FAULTS = Map.of("cfl-01", "opregion-outside-reserved", "adl-01", "opregion-bad-signature",
            "hsw-01", "dsm-reserved-short");

    @TempDir
    static Path tmp;

    private static Run clean;
    private static Run faulted;
    private static Map<String, JsonNode> twinHosts;

    private record Run(String id, int exitCode, String output, List<JsonNode> cells) {
        Optional<JsonNode> cell(String cellId) {
            return cells.stream().filter(c -> cellId(c).equals(cellId)).findFirst();
        }

        List<JsonNode> igdCells() {
            return cells.stream().filter(c -> !cellId(c).startsWith("control.")).toList();
        }
    }

    @BeforeAll
    static void runTheProbesSuiteCleanAndFaulted() throws Exception {
        ObjectNode twin = (ObjectNode) YAML.readTree(HOME.resolve("lab-inventory/twin.yaml").toFile());
        twinHosts = new LinkedHashMap<>();
        twin.get("hosts").forEach(h -> twinHosts.put(h.get("name").asText(), h));
        clean = run("probes-clean", twin, Map.of());
        faulted = run("probes-faulted", twin, FAULTS);
    }

    @Test
    void everyCellPassesOnHostsWithoutFaults() {
        assertThat(clean.igdCells()).as(clean.output()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(clean.cells()).allSatisfy(c -> assertThat(status(c)).as(describe(clean, c)).isEqualTo("passed"));
        assertThat(clean.exitCode()).as(clean.output()).isZero();
    }

    @Test
    void aFirmwareCopiedOpRegionIsReadThroughQmpAndStartsWithItsSignatureInAReservedRange() {
        List<JsonNode> read = clean.igdCells().stream().filter(c -> attachment(clean, c, "guest memory at 0xFC").isPresent()).toList();
        assertThat(read).as("cells whose OpRegion the runner read").hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode c : read) {
            String xp = attachment(clean, c, "guest memory at 0xFC").orElseThrow();
            assertThat(xpAscii(xp, 16)).as(describe(clean, c)).isEqualTo("IntelGraphicsMem");
            long asls = Long.parseLong(xp.lines().filter(l -> l.startsWith("(qemu) xp")).findFirst().orElseThrow()
                    .replaceAll(".* 0x", ""), 16);
            String memmap = attachment(clean, c, "guest memory map").orElseThrow();
            assertThat(typeAt(memmap, asls)).as(describe(clean, c) + " memory map at 0x" + Long.toHexString(asls))
                    .isIn("Reserved", "ACPI Non-volatile Storage");
            assertThat(verdict(clean, c)).contains("OpRegion at 0xFC 0x" + Long.toHexString(asls) + ": starts with IntelGraphicsMem");
        }
    }

    @Test
    void theGuestsFwCfgFilesAndTheBdsmSizeOfAnXIgdGmsOverrideAreChecked() {
        // Haswell (Gen7: GMS at bits 7:3) with x-igd-gms=0x1: etc/igd-bdsm-size is 1 x 32 MiB (igd-model.md §2.5)
        JsonNode gms = clean.cell("haswell.pc.seabios.legacy.lpc-on.gms-0x1").orElseThrow();
        String files = attachment(clean, gms, "guest fw_cfg files").orElseThrow();
        assertThat(files).contains("igd-bdsm-size").contains("igd-opregion").contains(" 00 00 00 02 00 00 00 00");
        assertThat(verdict(clean, gms)).contains("fw_cfg etc/igd-bdsm-size: 32 MiB = GMS 0x1")
                .contains("BDSM size vs GMS: 32 MiB reserved from");
        for (JsonNode c : clean.igdCells()) {
            if (attachment(clean, c, "guest fw_cfg files").isPresent()) {
                assertThat(verdict(clean, c)).as(describe(clean, c)).contains("fw_cfg etc/igd-opregion: ").contains("fw_cfg etc/igd-bdsm-size: ");
            }
        }
    }

    @Test
    void legacyModeAndXIgdLpcShowTheHostLpcIdsAt1f0AndOtherI440fxCellsDoNot() {
        String cflLpc = "8086:" + twinHosts.get("cfl-01").get("twin").get("lpc").get("device-id").asText();
        JsonNode legacy = clean.cell("coffee-lake.pc.seabios.legacy").orElseThrow();
        assertThat(attachment(clean, legacy, "guest lspci -n -s 00:1f.0").orElseThrow()).startsWith("00:1f.0 0601: " + cflLpc);
        JsonNode upt = clean.cell("coffee-lake.pc.ovmf.upt.romfile-efi").orElseThrow();
        assertThat(attachment(clean, upt, "guest lspci -n -s 00:1f.0").orElseThrow()).doesNotContain("00:1f.0");
        assertThat(verdict(clean, upt)).contains("00:1f.0: no function, not the host LPC bridge's IDs");
    }

    @Test
    void theProbeFaultsFailExactlyTheCellsWhereFirmwarePlacedWhatTheyBreakNamingIt() {
        assertThat(faulted.exitCode()).as(faulted.output()).isEqualTo(1);
        for (JsonNode c : faulted.igdCells()) {
            String host = host(c);
            JsonNode before = clean.cell(cellId(c)).orElseThrow();
            String fault = FAULTS.get(host.replaceFirst("^m-", ""));
            // where the clean run saw what the fault breaks: an OpRegion copy at ASLS, or a DSM reserved at BDSM
            boolean applies = fault != null && (fault.equals("dsm-reserved-short")
                    ? verdict(clean, before).contains("BDSM size vs GMS: ")
                    : attachment(clean, before, "guest memory at 0xFC").isPresent());
            if (!applies) {
                assertThat(status(c)).as(describe(faulted, c)).isEqualTo("passed");
            } else if (fault.equals("dsm-reserved-short")) {
                assertThat(status(c)).as(describe(faulted, c)).isEqualTo("failed");
                assertThat(message(c)).as(describe(faulted, c)).contains("expected the DSM at 0x5C")
                        .containsPattern("to have (\\d+) MiB reserved \\(GMS 0x[0-9a-f]+ of GGC 0x[0-9a-f]{4}\\); the guest's memory map"
                                + " reserves \\d+ MiB from there");
            } else if (fault.equals("opregion-outside-reserved")) {
                assertThat(status(c)).as(describe(faulted, c)).isEqualTo("failed");
                assertThat(message(c)).as(describe(faulted, c)).contains("expected 0xFC: firmware-allocated, inside a reserved"
                        + " range of the guest's memory map").contains("System RAM");
            } else {
                assertThat(status(c)).as(describe(faulted, c)).isEqualTo("failed");
                assertThat(message(c)).as(describe(faulted, c)).contains("expected the guest memory at 0xFC")
                        .contains("to start with IntelGraphicsMem");
            }
        }
        assertThat(faulted.igdCells()).filteredOn(c -> host(c).equals("m-cfl-01")).anyMatch(c -> status(c).equals("failed"));
        assertThat(faulted.igdCells()).filteredOn(c -> host(c).equals("m-adl-01")).anyMatch(c -> status(c).equals("failed"));
        assertThat(faulted.igdCells()).filteredOn(c -> host(c).equals("m-hsw-01")).anyMatch(c -> status(c).equals("failed"));
    }

    @Test
    void theFaultedHostsPassTheirPlainRegisterChecks() {
        // the registers look right: only the deeper probes see the faults
        for (JsonNode c : faulted.igdCells()) {
            if (status(c).equals("failed")) {
                assertThat(verdict(faulted, c)).as(describe(faulted, c)).contains("0xFC (ASLS): firmware-allocated, page-aligned");
            }
        }
    }

    // --- running ---------------------------------------------------------------------------------

    /** probes.yaml on the {@link #CLEAN} hosts; a host with a fault from {@code faults} runs as m-NAME. */
    private static Run run(String id, ObjectNode twin, Map<String, String> faults) throws Exception {
        ObjectNode inventory = twin.deepCopy();
        ArrayNode hosts = inventory.putArray("hosts");
        for (String name : CLEAN) {
            ObjectNode h = twinHosts.get(name).deepCopy();
            if (faults.containsKey(name)) {
                h.put("name", "m-" + name);
                ((ObjectNode) h.get("twin")).putArray("faults").add(faults.get(name));
            }
            hosts.add(h);
        }
        Path inventoryFile = tmp.resolve(id + "-twin.yaml");
        YAML.writeValue(inventoryFile.toFile(), inventory);
        Path reports = tmp.resolve(id + "-reports");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"run", "--inventory", inventoryFile.toString(),
                "--suite", HOME.resolve("scenarios/suites/probes.yaml").toString(),
                "--reports", reports.toString(), "--run-id", id, "--no-html"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        List<JsonNode> cells = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports.resolve("runs/" + id + "/allure-results"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList()) {
                cells.add(JSON.readTree(f.toFile()));
            }
        }
        return new Run(id, exit, out + "\n" + err, cells);
    }

    // --- reading results, independently of the runner's parsers -------------------------------

    private static Optional<String> attachment(Run run, JsonNode result, String name) {
        List<JsonNode> pending = new ArrayList<>(List.of(result));
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(0);
            for (JsonNode a : node.path("attachments")) {
                if (a.get("name").asText().equals(name)) {
                    try {
                        return Optional.of(Files.readString(tmp.resolve(run.id() + "-reports/runs/" + run.id() + "/allure-results")
                                .resolve(a.get("source").asText())));
                    } catch (Exception e) {
                        throw new AssertionError("cannot read attachment " + a, e);
                    }
                }
            }
            node.path("steps").forEach(pending::add);
        }
        return Optional.empty();
    }

    private static String verdict(Run run, JsonNode result) {
        return attachment(run, result, "verdict").orElseThrow(() -> new AssertionError("no verdict in " + describe(run, result)));
    }

    /** The first {@code n} bytes of an xp reply ("ADDR: 0x49 0x6e …") as ASCII. */
    private static String xpAscii(String xp, int n) {
        StringBuilder s = new StringBuilder();
        for (String line : xp.split("\n")) {
            if (!line.matches("[0-9a-f]{16}:.*")) {
                continue;
            }
            for (String token : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                if (s.length() < n) {
                    s.append((char) Integer.parseInt(token.replace("0x", ""), 16));
                }
            }
        }
        return s.toString();
    }

    /** The type of the memory map entry holding {@code address}, from the probe's "start\nend\ntype" lines. */
    private static String typeAt(String memmap, long address) {
        List<String> lines = memmap.lines().toList();
        int from = lines.indexOf(lines.stream().filter(l -> l.startsWith("$ cat")).findFirst().orElseThrow()) + 1;
        for (int i = from; i + 2 < lines.size(); i += 3) {
            long start = Long.decode(lines.get(i));
            long end = Long.decode(lines.get(i + 1));
            if (start <= address && address <= end) {
                return lines.get(i + 2);
            }
        }
        return "no entry";
    }

    /** The cell id: the result's full name without the suite. */
    private static String cellId(JsonNode result) {
        return result.get("fullName").asText().replaceFirst("^probes\\.", "");
    }

    private static String host(JsonNode result) {
        for (JsonNode p : result.path("parameters")) {
            if (p.get("name").asText().equals("host")) {
                return p.get("value").asText();
            }
        }
        return "?";
    }

    private static String status(JsonNode result) {
        return result.get("status").asText();
    }

    private static String message(JsonNode result) {
        return result.path("statusDetails").path("message").asText("");
    }

    private static String describe(Run run, JsonNode result) {
        return run.id() + " " + host(result) + " " + cellId(result) + " " + status(result) + ": " + message(result);
    }

}
