package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scenarios/suites/qemu-bands.yaml on the embedded twin fleet through the real {@code lab run}:
 * the same kinds of cells on QEMU builds of bands D (10.1.2, the hosts' default), C (10.0.3),
 * B (9.2.4) and A (8.2.7). Every cell must pass against the oracle, but for cfl-02's seeded
 * firmware fault; a handful of cells are checked register by register against values written out
 * here from igd-model.md §7.2, §2.8 and §2.5 and the twin fleet's host registers, not from
 * expectations.yaml.
 */
class QemuBandsOnTwinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "qemu-bands-it";

    @TempDir
    static Path reports;

    private static int exitCode;
    private static String output;
    private static String plan;
    private static Map<String, JsonNode> results;

    @BeforeAll
    static void runTheQemuBandsSuite() throws Exception {
        String suite = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize()
                .resolve("scenarios/suites/qemu-bands.yaml").toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        exitCode = Main.run(new String[] {"run", "--suite", suite, "--reports", reports.toString(), "--run-id", RUN, "--no-html"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        output = out + "\n" + err;
        StringWriter planOut = new StringWriter();
        Main.run(new String[] {"plan", "--suite", suite}, new PrintWriter(planOut, true), new PrintWriter(new StringWriter(), true));
        plan = planOut.toString();
        results = new HashMap<>();
        try (Stream<Path> files = Files.list(reports.resolve("runs/" + RUN + "/allure-results"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList()) {
                JsonNode r = JSON.readTree(f.toFile());
                results.put(r.get("fullName").asText().substring("qemu-bands.".length()), r);
            }
        }
    }

    @Test
    void everyCellPassesAgainstTheOracleButTheSeededFaultsOnCfl02() {
        assertThat(results).as(output).isNotEmpty();
        List<String> bands = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : results.entrySet()) {
            JsonNode r = e.getValue();
            String status = r.get("status").asText();
            if ("skipped".equals(status) && e.getKey().startsWith("haswell.") && e.getKey().endsWith(".qemu-8.2.7")) {
                continue;   // hsw-01 has no qemu-8.2.7: see aBandACellOfHaswellIsSkippedBecauseHsw01LacksTheBuild
            }
            if ("failed".equals(status) && "cfl-02".equals(parameters(r).get("host"))) {
                // the seeded fault: the guest firmware never writes ASLS; nothing else may fail there
                assertSeededFault(r);
                continue;
            }
            assertThat(status).as(describe(r)).isEqualTo("passed");
            bands.add(e.getKey());
        }
        // every band took part: cells that name each build passed
        for (String build : List.of("qemu-10.0.3", "qemu-9.2.4", "qemu-8.2.7")) {
            assertThat(bands).as(build).anyMatch(id -> id.endsWith("." + build));
        }
        assertThat(bands).anyMatch(id -> !id.contains(".qemu-") && !id.startsWith("control."));
        assertThat(exitCode).as(output).isIn(0, 1);
    }

    @Test
    void aBandACellOfHaswellIsSkippedBecauseHsw01LacksTheBuild() {
        assertThat(plan).contains("build qemu-9.2.4 (band B)").contains("build qemu-10.0.3 (band C)")
                .contains("build qemu-8.2.7 (band A)");
        assertThat(plan).containsPattern("haswell\\.\\S+\\.qemu-8\\.2\\.7 +SKIPPED +no host of haswell has qemu-8\\.2\\.7 installed "
                + "\\(hsw-01: \\[qemu-10\\.1\\.2, qemu-10\\.2\\.0, qemu-10\\.0\\.3, qemu-9\\.2\\.4]\\)");
        List<JsonNode> skipped = results.entrySet().stream()
                .filter(e -> e.getKey().startsWith("haswell.") && e.getKey().endsWith(".qemu-8.2.7")).map(Map.Entry::getValue).toList();
        assertThat(skipped).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("status").asText()).isEqualTo("skipped");
            assertThat(r.path("statusDetails").path("message").asText()).contains("no host of haswell has qemu-8.2.7 installed");
        });
    }

    @Test
    void eachCellRanTheBinaryOfItsBuild() {
        for (Map.Entry<String, JsonNode> e : results.entrySet()) {
            if (e.getKey().startsWith("control.") || "skipped".equals(e.getValue().get("status").asText())) {
                continue;
            }
            String argv = attachment(e.getValue(), "QEMU command line");
            String build = e.getKey().replaceFirst("^.*\\.(qemu-[0-9.]+)$", "$1");
            String binary = build.startsWith("qemu-") ? "/usr/local/" + build + "/bin/qemu-system-x86_64" : "/usr/bin/qemu-system-x86_64";
            // the attachment is the argv quoted for a shell
            assertThat(argv).as(e.getKey()).startsWith("'" + binary + "' ");
        }
    }

    // --- cells checked value by value, igd-model.md §7.2 / §2.8 / §2.5 written out here ----------

    @Test
    void bandCLegacyOnSandyBridgeWithSeaBiosGetsFirmwareAddressesAndTheHostGgc() {
        // §7.2 C / §1.1 C: i440fx + 00:02.0 + known gen = legacy; SeaBIOS writes 0xFC and 0x5C; GGC emulated
        // with the host value; §2.8 C: the legacy info line, and no "OpRegion detected" line before 10.1
        JsonNode r = cell("sandy-bridge.pc.seabios.legacy.opregion-default.qemu-10.0.3");
        assertPassed(r);
        GuestConfigDump b = guest(r);
        firmwareAllocated("0xFC", b.read(0xFC, 4), 0xdaef6018L, 0xFFF);
        firmwareAllocated("0x5C", b.read(0x5C, 4), 0xdba00001L, 0xFFFFF);
        assertThat(b.read(0x50, 2)).hasValue(0x0211);
        assertThat(attachment(r, "qemu.stderr")).contains("IGD legacy mode enabled").doesNotContain("OpRegion detected");
    }

    @Test
    void bandALegacyOnCoffeeLakeZeroesGmsInTheGuestGgc() {
        // §7.2 A / §2.5 band history A: GGC emulated with GMS = 0 (bits 15:8 for the old table's gen 8):
        // host 0x02c1 → 0x00c1; bdsm-size = GGMS (8 MiB) > 0, so SeaBIOS still writes 0x5C
        JsonNode r = cell("coffee-lake.pc.seabios.legacy.opregion-default.qemu-8.2.7");
        assertPassedOrSeededFault(r);
        GuestConfigDump b = guest(r);
        assertThat(b.read(0x50, 2)).hasValue(0x00c1);
        firmwareAllocated("0x5C", b.read(0x5C, 4), 0x8b800001L, 0xFFFFF);
        if (!"cfl-02".equals(parameters(r).get("host"))) {
            firmwareAllocated("0xFC", b.read(0xFC, 4), 0x8a3a4018L, 0xFFF);
        }
    }

    @Test
    void bandBLegacyOnCoffeeLakeKeepsTheHostGgc() {
        // §7.2 B: legacy for a 9.2-known gen (0x3E → 9); GGC EMU with the host value; 0x5C EMU0 → SeaBIOS
        JsonNode r = cell("coffee-lake.pc.seabios.legacy.opregion-default.qemu-9.2.4");
        assertPassedOrSeededFault(r);
        GuestConfigDump b = guest(r);
        assertThat(b.read(0x50, 2)).hasValue(0x02c1);
        firmwareAllocated("0x5C", b.read(0x5C, 4), 0x8b800001L, 0xFFFFF);
    }

    @Test
    void bandCOnQ35WithoutXIgdOpregionShowsTheHostAslsToTheGuest() {
        // §7.2 C: 0xFC HOST without x-igd-opregion=on or legacy (the q35 default, F2); BDSM EMU0 at any
        // address, and SeaBIOS writes it only at 00:02.0, so at 00:05.0 it reads 0
        JsonNode r = cell("coffee-lake.q35.seabios.upt.opregion-default.qemu-10.0.3");
        assertPassed(r);
        GuestConfigDump b = guest(r);
        long hostAsls = "cfl-02".equals(parameters(r).get("host")) ? 0x8a3a5018L : 0x8a3a4018L;
        assertThat(b.read(0xFC, 4)).hasValue(hostAsls);
        assertThat(b.read(0x5C, 4)).hasValue(0);
        assertThat(b.read(0x50, 2)).hasValue(0x02c1);
    }

    @Test
    void theVfioUsers2017HaswellReportOnQemu92ReadsAslsZero() {
        // §7.2 "The 2017 vfio-users report explained": UPT + x-igd-opregion under OVMF: 0xFC EMU0, nobody
        // writes it; not legacy (q35), so BDSM and GGC pass through (§2.9 A/B no legacy)
        JsonNode r = cell("haswell.q35.ovmf.upt.opregion-on.qemu-9.2.4");
        assertPassed(r);
        GuestConfigDump b = guest(r);
        assertThat(b.read(0xFC, 4)).hasValue(0);
        assertThat(b.read(0x5C, 4)).hasValue(0xcb200001L);
        assertThat(b.read(0x50, 2)).hasValue(0x0211);
    }

    @Test
    void bandCIgnoresMeteorLakeAfterOneErrorLineEvenWithXIgdOpregion() {
        // §7.2 C: gen −1 → "IGD device … is unsupported in legacy mode, try SandyBridge or newer" and nothing else
        JsonNode r = cell("meteor-lake.q35.seabios.upt.opregion-on.qemu-10.0.3");
        assertPassed(r);
        assertThat(attachment(r, "qemu.stderr"))
                .contains("IGD device 0000:00:02.0 is unsupported in legacy mode, try SandyBridge or newer");
        assertThat(guest(r).read(0xFC, 4)).hasValue(0x6c1f7018L);
    }

    @Test
    void bandBLegacyWithoutAVbiosOnKabyLakeFallsBackToPassThrough() {
        // §2.8 A/B: "IGD device %s has no ROM, legacy mode disabled"; §2.9 A/B no legacy: all three pass through
        JsonNode r = cell("kaby-lake.pc.seabios.legacy.opregion-default.qemu-9.2.4");
        assertPassed(r);
        assertThat(attachment(r, "qemu.stderr")).contains("IGD device 0000:00:02.0 has no ROM, legacy mode disabled");
        GuestConfigDump b = guest(r);
        assertThat(b.read(0xFC, 4)).hasValue(0x7a6f1018L);
        assertThat(b.read(0x5C, 4)).hasValue(0x7b800001L);
        assertThat(b.read(0x50, 2)).hasValue(0x01c1);
    }

    @Test
    void bandBCallsAlderLakeUnsupportedForLegacyMode() {
        // §2.2 B: 0x46xx is not in 9.2's table (gen −1); §2.8 A/B
        JsonNode r = cell("alder-lake.pc.seabios.legacy.opregion-default.qemu-9.2.4");
        assertPassed(r);
        assertThat(attachment(r, "qemu.stderr"))
                .contains("IGD device 0000:00:02.0 is unsupported in legacy mode, try SandyBridge or newer");
        assertThat(guest(r).read(0xFC, 4)).hasValue(0x3b9b6018L);
    }

    @Test
    void anOldSeaBiosAbortsBandsAAndBLegacyButBootsOnBandC() {
        // §2.8 A/B hardware error (F6): the VBIOS programs the GTT while BDSM is 0; the IO-BAR4 quirk is gone in 10.0
        String gtt = "vfio-igd: Guest attempted to program IGD GTT before BIOS reserved stolen memory.  Unsupported BIOS?";
        for (String id : List.of("sandy-bridge.pc.seabios-old.legacy.opregion-default.qemu-8.2.7",
                "haswell.pc.seabios-old.legacy.opregion-default.qemu-9.2.4")) {
            JsonNode r = cell(id);
            assertPassed(r);
            assertThat(attachment(r, "qemu.stderr")).as(id).contains(gtt);
        }
        JsonNode c = cell("haswell.pc.seabios-old.legacy.opregion-default.qemu-10.0.3");
        assertPassed(c);
        assertThat(attachment(c, "qemu.stderr")).doesNotContain(gtt);
        GuestConfigDump b = guest(c);
        assertThat(b.read(0xFC, 4)).hasValue(0);
        assertThat(b.read(0x5C, 4)).hasValue(0);
    }

    @Test
    void legacyModeOnQemu50IsTheKnownIssueLp1882784AndTheRunStillEndsGreen() throws Exception {
        // igd-model.md §1: 5.0.x compiled legacy mode out (fixed in 5.1); the oracle expects band A's
        // legacy mode, the twin's 5.0.1 does not do it, and scenarios/known-issues.yaml names the cause
        Path suite = reports.resolve("qemu-50.yaml");
        Files.writeString(suite, """
                version: 1
                suite: qemu-50
                guest: linux
                axes:
                  generation: [sandy-bridge]
                  machine: [pc]
                  firmware: [seabios]
                  mode: [legacy]
                  qemu: [qemu-5.0.1, qemu-8.2.7]
                """);
        StringWriter out = new StringWriter();
        int exit = Main.run(new String[] {"run", "--suite", suite.toString(), "--reports", reports.toString(), "--run-id", "qemu-50",
                "--no-html"}, new PrintWriter(out, true), new PrintWriter(out, true));
        Map<String, JsonNode> byCell = new HashMap<>();
        try (Stream<Path> files = Files.list(reports.resolve("runs/qemu-50/allure-results"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList()) {
                JsonNode r = JSON.readTree(f.toFile());
                byCell.put(r.get("fullName").asText(), r);
            }
        }
        JsonNode broken = byCell.get("qemu-50.sandy-bridge.pc.seabios.legacy.qemu-5.0.1");
        assertThat(broken).as(out.toString()).isNotNull();
        assertThat(broken.get("status").asText()).isEqualTo("failed");
        assertThat(broken.get("statusDetails").get("message").asText()).startsWith("KNOWN ISSUE LP1882784:");
        assertThat(byCell.get("qemu-50.sandy-bridge.pc.seabios.legacy.qemu-8.2.7").get("status").asText()).as(out.toString())
                .isEqualTo("passed");
        assertThat(exit).as(out.toString()).isZero();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static JsonNode cell(String id) {
        JsonNode r = results.get(id);
        assertThat(r).as("a result for cell " + id + " (results: " + results.keySet() + ")").isNotNull();
        return r;
    }

    private static void assertPassed(JsonNode r) {
        assertThat(r.get("status").asText()).as(describe(r)).isEqualTo("passed");
    }

    /** cfl-02's seeded fault (its guest firmware never writes ASLS) fails a cell on 0xFC and nothing else. */
    private static void assertSeededFault(JsonNode r) {
        assertThat(parameters(r).get("host")).isEqualTo("cfl-02");
        assertThat(r.get("statusDetails").get("message").asText()).as(describe(r))
                .startsWith("expected 0xFC: firmware-allocated").contains("observed 0x00000000")
                .doesNotContain("expected 0x5C").doesNotContain("expected 0xC0").doesNotContain("expected 0x50")
                .doesNotContain("stderr to contain").doesNotContain("expected QEMU");
    }

    /** A cell that may land on cfl-02, whose seeded fault then fails it on 0xFC alone. */
    private static void assertPassedOrSeededFault(JsonNode r) {
        if ("failed".equals(r.get("status").asText())) {
            assertSeededFault(r);
        } else {
            assertPassed(r);
        }
    }

    private static GuestConfigDump guest(JsonNode r) {
        return GuestConfigDump.parse(attachment(r, "guest lspci -xxxx"));
    }

    private static void firmwareAllocated(String what, OptionalLong observed, long hostValue, long alignMask) {
        assertThat(observed).as(what).isPresent();
        long address = observed.getAsLong() & ~1L;
        assertThat(address).as(what + " non-zero").isNotZero();
        assertThat(address & alignMask).as(what + " aligned").isZero();
        assertThat(address).as(what + " below 4 GiB").isLessThan(1L << 32);
        assertThat(observed.getAsLong()).as(what + " not the host value").isNotEqualTo(hostValue);
    }

    private static Map<String, String> parameters(JsonNode result) {
        Map<String, String> p = new HashMap<>();
        result.get("parameters").forEach(n -> p.put(n.get("name").asText(), n.get("value").asText()));
        return p;
    }

    private static String describe(JsonNode result) {
        return result.get("name").asText() + " on " + parameters(result).get("host") + ": "
                + result.path("statusDetails").path("message").asText("");
    }

    private static String attachment(JsonNode result, String prefix) {
        List<JsonNode> pending = new ArrayList<>(List.of(result));
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(0);
            for (JsonNode a : node.path("attachments")) {
                if (a.get("name").asText().startsWith(prefix)) {
                    try {
                        return Files.readString(reports.resolve("runs/" + RUN + "/allure-results").resolve(a.get("source").asText()));
                    } catch (Exception e) {
                        throw new AssertionError("cannot read attachment " + a, e);
                    }
                }
            }
            node.path("steps").forEach(pending::add);
        }
        throw new AssertionError("no attachment '" + prefix + "' in " + describe(result));
    }
}
