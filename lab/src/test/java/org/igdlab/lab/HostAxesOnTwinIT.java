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
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.igdlab.lab.SectionSevenOne.Expect;
import org.igdlab.lab.SectionSevenOne.Reg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scenarios/suites/host-axes.yaml on the embedded twin fleet, through {@code lab run}: the host
 * IGD's class, the host kernel, hotplug and the IgdAssignmentDxe variants. Each cell's guest
 * registers (decoded here from the lspci dump the run attached) are checked against values this
 * test computes from igd-model.md §4.2, §5.1 and §7.1 — not from expectations.yaml, not from the
 * twin — with {@link SectionSevenOne} for the cells that are the nightly's (seabios / stock OVMF,
 * a detected IGD on the command line).
 */
class HostAxesOnTwinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    private static final String RUN = "host-axes-it";
    private static final String HOTPLUG_WARNING = "warning: IGD device detected, but OpRegion is not supported on hotplugged device.";

    @TempDir
    static Path reports;

    private static int exitCode;
    private static String output;
    private static List<JsonNode> results;
    private static Map<String, JsonNode> twinHosts;
    private static String defaultKernel;

    @BeforeAll
    static void runTheHostAxesSuite() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        exitCode = Main.run(new String[] {"run", "--suite", HOME.resolve("scenarios/suites/host-axes.yaml").toString(),
                        "--reports", reports.toString(), "--run-id", RUN, "--no-html"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        output = out + "\n" + err;
        results = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports.resolve("runs/" + RUN + "/allure-results"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList()) {
                results.add(JSON.readTree(f.toFile()));
            }
        }
        twinHosts = new HashMap<>();
        JsonNode twin = new ObjectMapper(new YAMLFactory()).readTree(HOME.resolve("lab-inventory/twin.yaml").toFile());
        twin.get("hosts").forEach(h -> twinHosts.put(h.get("name").asText(), h));
        defaultKernel = twin.get("defaults").get("kernel").asText();
    }

    // --- igd-model.md, written out for these axes ----------------------------------------------

    /** What the cell should show; {@code warning}: QEMU's hotplug warning on stderr. */
    record HostAxesExpect(Expect registers, boolean warning) {
    }

    static HostAxesExpect expect(Map<String, String> p, JsonNode host) {
        JsonNode igd = host.get("igd");
        SectionSevenOne.Host h = new SectionSevenOne.Host(host.get("generation").asText(), "shadow".equals(igd.get("rom").asText()),
                igd.get("registers").get("ggc").asInt());
        int gen = h.gen();
        String kernel = "default".equals(p.getOrDefault("kernel", "default")) ? host.path("kernel").asText(defaultKernel) : p.get("kernel");
        boolean displayClass = igd.get("class").asText().startsWith("0380");
        // §5.1: regions since 4.6, for a VGA-class device until 6.14 and any display class from 6.15
        boolean regions = atLeast(kernel, 4, 6) && (!displayClass || atLeast(kernel, 6, 15));
        // §2.3 steps 1-2 (QEMU 10.1, the twin's default build): Intel VGA class and the OpRegion region
        boolean detected = !displayClass && regions;
        boolean hotplug = "on".equals(p.get("hotplug"));
        if (!detected || hotplug) {
            // §7.1 rows 'hotplugged IGD', 'kernel without IGD regions', 'host IGD 0x0380 …': nothing emulated
            Reg bdsm64 = gen >= 6 && gen <= 9 ? Reg.UNCHECKED : Reg.HOST;
            return new HostAxesExpect(new Expect(Reg.HOST, Reg.HOST, bdsm64, Reg.HOST, false, false), detected && hotplug);
        }
        String firmware = p.get("firmware");
        SectionSevenOne.Cell cell = new SectionSevenOne.Cell(p.get("machine"), firmware, p.get("mode"), p.get("x-igd-opregion"));
        if (firmware.equals("seabios") || firmware.equals("ovmf")) {
            return new HostAxesExpect(SectionSevenOne.expect(cell, h), false);
        }
        // OVMF with an IgdAssignmentDxe romfile: a ROM is present, so legacy mode needs only §1.1's D conditions
        boolean legacy = "pc".equals(p.get("machine")) && cell.at0200() && gen >= 6 && gen <= 9 && !h.ivd();
        boolean opregionFile = legacy || !"off".equals(p.get("x-igd-opregion"));
        Reg asls;
        Reg bdsm;
        Reg bdsm64;
        if (firmware.equals("ovmf+igd-oprom-current")) {
            // §4.2 VfioIgdPkg: needs etc/igd-opregion; OpRegion at any BDF (MTL included); BDSM at 00:02.0 sized from GGC
            asls = opregionFile ? Reg.FIRMWARE : Reg.ZERO;
            boolean writesBdsm = opregionFile && cell.at0200();
            if (gen >= 6 && gen <= 9) {
                bdsm = writesBdsm && h.dsmBytes() > 0 ? Reg.FIRMWARE : Reg.ZERO;
                bdsm64 = Reg.UNCHECKED;
            } else if (gen >= 11) {
                bdsm = Reg.HOST;
                bdsm64 = writesBdsm ? Reg.FIRMWARE : Reg.ZERO;
            } else {
                bdsm = Reg.HOST;
                bdsm64 = Reg.HOST;
            }
        } else {
            // §4.2 original 2018 driver: aborts on etc/igd-bdsm-size 0 (gen −1); OpRegion at any BDF;
            // BDSM at 00:02.0 from the file, a dword to 0x5C only (→ hardware for gen ≥ 11, §7.1)
            boolean aborts = h.dsmBytes() == 0;
            asls = !aborts && opregionFile ? Reg.FIRMWARE : Reg.ZERO;
            boolean writesBdsm = !aborts && cell.at0200();
            if (gen >= 6 && gen <= 9) {
                bdsm = writesBdsm ? Reg.FIRMWARE : Reg.ZERO;
                bdsm64 = Reg.UNCHECKED;
            } else if (gen >= 11) {
                bdsm = writesBdsm ? Reg.UNCHECKED : Reg.HOST;
                bdsm64 = Reg.ZERO;
            } else {
                bdsm = Reg.HOST;
                bdsm64 = Reg.HOST;
            }
        }
        return new HostAxesExpect(new Expect(asls, bdsm, bdsm64, Reg.HOST, legacy, false), false);
    }

    static boolean atLeast(String release, int major, int minor) {
        String[] v = release.split("[.-]");
        int ma = Integer.parseInt(v[0]);
        int mi = Integer.parseInt(v[1]);
        return ma != major ? ma > major : mi >= minor;
    }

    // --- the run --------------------------------------------------------------------------------

    @Test
    void theSuiteCoversEveryHostAxisValueOnTheHostsThatHaveIt() {
        assertThat(igdCells()).as(output).hasSizeGreaterThanOrEqualTo(20);
        assertThat(igdCells()).extracting(r -> parameters(r).get("firmware"))
                .contains("seabios", "ovmf", "ovmf+igd-oprom-2018", "ovmf+igd-oprom-current");
        assertThat(igdCells()).filteredOn(r -> "display".equals(parameters(r).get("host-class")))
                .isNotEmpty().allSatisfy(r -> assertThat(parameters(r).get("host")).isIn("cfl-dgpu-01", "tgl-dgpu-01"));
        assertThat(igdCells()).filteredOn(r -> "vga".equals(parameters(r).get("host-class")))
                .isNotEmpty().allSatisfy(r -> assertThat(parameters(r).get("host")).isNotIn("cfl-dgpu-01", "tgl-dgpu-01"));
        assertThat(igdCells()).filteredOn(r -> "4.4.302-igdlab".equals(parameters(r).get("kernel"))).isNotEmpty();
        assertThat(igdCells()).filteredOn(r -> "on".equals(parameters(r).get("hotplug"))).isNotEmpty();
    }

    @Test
    void everyCellPassesExceptWhereTheSeededFaultMeetsAFirmwareWrittenAsls() {
        assertThat(exitCode).as(output).isEqualTo(1);
        assertThat(results.stream().filter(HostAxesOnTwinIT::isControl))
                .isNotEmpty().allSatisfy(r -> assertThat(r.get("status").asText()).as(describe(r)).isEqualTo("passed"));
        for (JsonNode result : igdCells()) {
            Map<String, String> p = parameters(result);
            JsonNode host = twinHosts.get(p.get("host"));
            boolean seeded = "cfl-02".equals(p.get("host"));
            String expected = seeded && expect(p, host).registers().asls() == Reg.FIRMWARE ? "failed" : "passed";
            assertThat(result.get("status").asText()).as(describe(result)).isEqualTo(expected);
        }
    }

    @Test
    void theGuestRegistersOfEveryCellAreWhatTheModelSays() {
        for (JsonNode result : igdCells()) {
            Map<String, String> p = parameters(result);
            JsonNode host = twinHosts.get(p.get("host"));
            Expect e = expect(p, host).registers();
            GuestConfigDump bytes = GuestConfigDump.parse(attachment(result, "guest lspci -xxxx"));
            JsonNode regs = host.get("igd").get("registers");
            Reg asls = "cfl-02".equals(p.get("host")) && e.asls() == Reg.FIRMWARE ? Reg.ZERO : e.asls();
            String what = describe(result);
            check(what + " 0xFC", bytes.read(0xFC, 4), asls, regs.get("asls").asLong(), 0xFFF);
            check(what + " 0x5C", bytes.read(0x5C, 4), e.bdsm(), regs.get("bdsm").asLong(), 0xFFFFF);
            check(what + " 0xC0", bytes.read(0xC0, 8), e.bdsm64(), regs.has("bdsm64") ? regs.get("bdsm64").asLong() : 0, 0xFFFFF);
            check(what + " 0x50", bytes.read(0x50, 2), e.ggc(), regs.get("ggc").asLong(), 0);
        }
    }

    @Test
    void aHotplugCellAddsTheIgdWithQmpAndQemuWarnsExactlyWhenItDetectsTheIgd() {
        List<JsonNode> hotplug = igdCells().stream().filter(r -> "on".equals(parameters(r).get("hotplug"))).toList();
        assertThat(hotplug).isNotEmpty();
        for (JsonNode r : hotplug) {
            Map<String, String> p = parameters(r);
            assertThat(attachment(r, "QEMU command line")).as(describe(r)).doesNotContain("vfio-pci");
            assertThat(attachment(r, "QMP device_add arguments")).as(describe(r))
                    .contains("\"driver\" : \"vfio-pci\"").contains("\"host\" : \"0000:00:02.0\"");
            String stderr = stderr(r);
            if (expect(p, twinHosts.get(p.get("host"))).warning()) {
                assertThat(stderr).as(describe(r)).contains(HOTPLUG_WARNING);
            } else {
                assertThat(stderr).as(describe(r)).doesNotContain("IGD device detected");
            }
        }
        assertThat(hotplug).anySatisfy(r -> assertThat(stderr(r)).contains(HOTPLUG_WARNING));
    }

    @Test
    void anIgdQemuDoesNotDetectLeavesNoOpRegionLineOnStderr() {
        List<JsonNode> undetected = igdCells().stream().filter(r -> {
            Map<String, String> p = parameters(r);
            return "display".equals(p.get("host-class")) || "4.4.302-igdlab".equals(p.get("kernel"));
        }).toList();
        assertThat(undetected).isNotEmpty().allSatisfy(r ->
                assertThat(stderr(r)).as(describe(r)).doesNotContain("OpRegion detected"));
    }

    // --- helpers, as NightlyOnTwinIT's ----------------------------------------------------------

    private static boolean isControl(JsonNode result) {
        return result.get("fullName").asText().startsWith("host-axes.control.");
    }

    private static List<JsonNode> igdCells() {
        return results.stream().filter(r -> !isControl(r)).toList();
    }

    private static void check(String what, OptionalLong observed, Reg expected, long hostValue, long alignMask) {
        assertThat(observed).as(what + ": present in the guest dump").isPresent();
        long v = observed.getAsLong();
        switch (expected) {
            case ZERO -> assertThat(v).as(what + " expected 0").isZero();
            case HOST -> assertThat(v).as(what + " expected the host value 0x%x", hostValue).isEqualTo(hostValue);
            case FIRMWARE -> {
                long address = v & ~1L;
                assertThat(address).as(what + " firmware-allocated: non-zero").isNotZero();
                assertThat(address & alignMask).as(what + " firmware-allocated: aligned").isZero();
                assertThat(address).as(what + " firmware-allocated: below 4 GiB").isLessThan(1L << 32);
                assertThat(v).as(what + " firmware-allocated: not the host's value").isNotEqualTo(hostValue);
            }
            case UNCHECKED -> { }
        }
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

    /** QEMU's stderr as the run collected it; the runner attaches only a non-empty log, so none reads as empty. */
    private static String stderr(JsonNode result) {
        try {
            return attachment(result, "qemu.stderr");
        } catch (AssertionError none) {
            return "";
        }
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
