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
 * The nightly suite on the embedded twin fleet, through the real {@code lab run} command line,
 * judged cell by cell against igd-model.md §7.1 as {@link SectionSevenOne} writes it out. The
 * registers are decoded here from the guest's lspci dump that the run attached to each Allure
 * result, so neither the runner's decoder nor its oracle is trusted by this test.
 */
class NightlyOnTwinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();

    @TempDir
    static Path reports;

    private static int exitCode;
    private static String output;
    private static List<JsonNode> results;
    private static Map<String, JsonNode> twinHosts;

    @BeforeAll
    static void runTheNightlySuite() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        exitCode = Main.run(new String[] {"run", "--reports", reports.toString(), "--run-id", "nightly-it"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        output = out + "\n" + err;
        results = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports.resolve("runs/nightly-it/allure-results"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList()) {
                results.add(JSON.readTree(f.toFile()));
            }
        }
        twinHosts = new HashMap<>();
        JsonNode twin = new ObjectMapper(new YAMLFactory()).readTree(HOME.resolve("lab-inventory/twin.yaml").toFile());
        twin.get("hosts").forEach(h -> twinHosts.put(h.get("name").asText(), h));
    }

    @Test
    void everyCellOfTheSuiteHasExactlyOneResult() {
        assertThat(results).as(output).hasSize(192 + 9 * 2);
        assertThat(results.stream().map(r -> r.get("fullName").asText()).distinct()).hasSize(192 + 9 * 2);
        assertThat(igdCells()).hasSize(192);
    }

    @Test
    void everyHostPassedItsTwoControlCellsSeeingTheEmulatedVgaAt0002() {
        List<JsonNode> control = results.stream().filter(NightlyOnTwinIT::isControl).toList();
        // the nightly suite does not vary host-class, so only the VGA-class (030000) hosts run it
        List<String> vgaHosts = twinHosts.entrySet().stream()
                .filter(e -> e.getValue().get("igd").get("class").asText().equals("030000")).map(Map.Entry::getKey).toList();
        assertThat(vgaHosts).hasSize(9);
        assertThat(control).hasSize(vgaHosts.size() * 2);
        for (String host : vgaHosts) {
            assertThat(control).filteredOn(r -> host.equals(parameters(r).get("host")))
                    .extracting(r -> r.get("fullName").asText())
                    .containsExactlyInAnyOrder("nightly.control." + host + ".pc.seabios", "nightly.control." + host + ".q35.ovmf");
        }
        for (JsonNode r : control) {
            assertThat(r.get("status").asText()).as(describe(r)).isEqualTo("passed");
            GuestConfigDump bytes = GuestConfigDump.parse(attachment(r, "guest lspci -xxxx -s 00:02.0"));
            assertThat(bytes.read(0x00, 2)).as(describe(r) + " vendor").hasValue(0x1234);
            assertThat(bytes.read(0x02, 2)).as(describe(r) + " device").hasValue(0x1111);
        }
    }

    @Test
    void theRunEndsWithFailedCellsBecauseOfTheSeededFaultOnly() {
        assertThat(exitCode).as(output).isEqualTo(1);
        assertThat(results).allSatisfy(r -> assertThat(r.get("status").asText()).as(describe(r))
                .isIn("passed", "failed"));
        assertThat(output).contains("Allure report:").contains("allure-report/index.html");
        assertThat(reports.resolve("runs/nightly-it/allure-report/index.html")).isNotEmptyFile();
        assertThat(reports.resolve("runs/nightly-it/junit")).isNotEmptyDirectory();
    }

    @Test
    void everyCellPassesOrFailsAsSectionSevenOneAndTheSeededFaultSay() {
        for (JsonNode result : igdCells()) {
            Map<String, String> p = parameters(result);
            JsonNode host = twinHosts.get(p.get("host"));
            Expect expect = expectation(p, host);
            boolean seeded = hasFault(host, "firmware-never-writes-asls");
            String expected = seeded && expect.asls() == Reg.FIRMWARE ? "failed" : "passed";
            assertThat(result.get("status").asText()).as(describe(result)).isEqualTo(expected);
        }
    }

    @Test
    void theGuestRegistersOfEveryCellAreWhatSectionSevenOneSays() {
        for (JsonNode result : igdCells()) {
            Map<String, String> p = parameters(result);
            JsonNode host = twinHosts.get(p.get("host"));
            Expect expect = expectation(p, host);
            String dump = attachment(result, "guest lspci -xxxx");
            GuestConfigDump bytes = GuestConfigDump.parse(dump);
            JsonNode regs = host.get("igd").get("registers");
            boolean seeded = hasFault(host, "firmware-never-writes-asls");
            Reg asls = seeded && expect.asls() == Reg.FIRMWARE ? Reg.ZERO : expect.asls();
            String what = describe(result);
            check(what + " 0xFC", bytes.read(0xFC, 4), asls, regs.get("asls").asLong(), 0xFFF);
            check(what + " 0x5C", bytes.read(0x5C, 4), expect.bdsm(), regs.get("bdsm").asLong(), 0xFFFFF);
            long hostBdsm64 = regs.has("bdsm64") ? regs.get("bdsm64").asLong() : 0;
            check(what + " 0xC0", bytes.read(0xC0, 8), expect.bdsm64(), hostBdsm64, 0xFFFFF);
            check(what + " 0x50", bytes.read(0x50, 2), expect.ggc(), regs.get("ggc").asLong(), 0);
        }
    }

    @Test
    void theSeededFaultsFailureNamesTheRegisterTheExpectationAndTheObservedValue() {
        List<JsonNode> failed = results.stream().filter(r -> "failed".equals(r.get("status").asText())).toList();
        assertThat(failed).as(output).isNotEmpty();
        assertThat(failed).allSatisfy(r -> {
            assertThat(parameters(r).get("host")).isEqualTo("cfl-02");
            assertThat(r.get("statusDetails").get("message").asText())
                    .contains("0xFC").contains("firmware-allocated").contains("observed 0x00000000");
        });
    }

    @Test
    void legacyModeWithoutAVbiosOnTheHostSaysSoInQemusStderr() {
        List<JsonNode> noRom = results.stream().filter(r -> {
            Map<String, String> p = parameters(r);
            return "kbl-01".equals(p.get("host")) && "pc".equals(p.get("machine")) && "legacy".equals(p.get("mode"));
        }).toList();
        assertThat(noRom).isNotEmpty().allSatisfy(r -> assertThat(attachment(r, "qemu.stderr"))
                .contains("Device has no ROM").contains("IGD legacy mode disabled"));
    }

    // --- helpers: read the run's Allure results and decode lspci rows, independently of the runner ---

    private static boolean isControl(JsonNode result) {
        return result.get("fullName").asText().startsWith("nightly.control.");
    }

    /** The cells that assign the IGD: every result but the control cells. */
    private static List<JsonNode> igdCells() {
        return results.stream().filter(r -> !isControl(r)).toList();
    }

    private static Expect expectation(Map<String, String> p, JsonNode host) {
        return SectionSevenOne.expect(
                new SectionSevenOne.Cell(p.get("machine"), p.get("firmware"), p.get("mode"), p.get("x-igd-opregion")),
                new SectionSevenOne.Host(host.get("generation").asText(),
                        "shadow".equals(host.get("igd").get("rom").asText()),
                        host.get("igd").get("registers").get("ggc").asInt()));
    }

    private static void check(String what, OptionalLong observed, Reg expected, long hostValue, long alignMask) {
        assertThat(observed).as(what + ": present in the guest dump").isPresent();
        long v = observed.getAsLong();
        switch (expected) {
            case ZERO -> assertThat(v).as(what + " expected 0").isZero();
            case HOST -> assertThat(v).as(what + " expected the host value 0x%x", hostValue).isEqualTo(hostValue);
            case FIRMWARE -> {
                long address = v & ~1L;   // BDSM bit 0 is the lock bit
                assertThat(address).as(what + " firmware-allocated: non-zero").isNotZero();
                assertThat(address & alignMask).as(what + " firmware-allocated: aligned").isZero();
                assertThat(address).as(what + " firmware-allocated: below 4 GiB").isLessThan(1L << 32);
                assertThat(v).as(what + " firmware-allocated: not the host's value").isNotEqualTo(hostValue);
            }
            case UNCHECKED -> { }
        }
    }

    private static boolean hasFault(JsonNode host, String fault) {
        JsonNode faults = host.path("twin").path("faults");
        for (JsonNode f : faults) {
            if (fault.equals(f.asText())) {
                return true;
            }
        }
        return false;
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

    /** The text of the first attachment whose name starts with {@code prefix}, searched through nested steps. */
    private static String attachment(JsonNode result, String prefix) {
        List<JsonNode> pending = new ArrayList<>(List.of(result));
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(0);
            for (JsonNode a : node.path("attachments")) {
                if (a.get("name").asText().startsWith(prefix)) {
                    try {
                        return Files.readString(reports.resolve("runs/nightly-it/allure-results").resolve(a.get("source").asText()));
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
