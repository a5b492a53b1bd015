package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small suites through the real {@code lab run} on twin fleets with faults injected per host
 * (twin.yaml {@code twin.faults}), one host per generation, so a broken cell has no other host to
 * be retried on (RetriesAndQuarantineOnTwinIT has twins): a lab fault ends a cell {@code broken}
 * with its host and step, a host broken twice in a row is quarantined and its remaining cells end
 * {@code broken} at once without touching it, healthy hosts pass, and a run with lab faults only exits 3.
 *
 * <p>Left to the twin's own FaultsIT: {@code guest-hang} (under the runner's default budgets each
 * such cell waits out the 5 min guest-boot budget) and a bare, never-closing {@code unreachable}
 * (the runner's SSH connect does not bound the wait for the server's identification string, so
 * such a cell would never end); here {@code unreachable} resets each connection after 2 s.
 */
class FaultsOnTwinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    /** The runner's connect budget (RunBudgets.defaults()): no faulted cell may take longer. */
    private static final Duration CONNECT_BUDGET = Duration.ofSeconds(30);
    /** Lab faults on four hosts; kbl-01 and adl-01 stay healthy. */
    private static final Map<String, Object> LAB_FAULTS = Map.of(
            "snb-01", Map.of("unreachable", Map.of("close-after-ms", 2000)),
            "hsw-01", Map.of("drop-connection", Map.of("verb", "launch", "after", 1)),
            "icl-01", Map.of("dmar-storm", Map.of("lines", 500)),
            "tgl-01", Map.of("flaky", Map.of("verb", "facts", "failures", 2)));

    @TempDir
    static Path tmp;

    private static Run faulted;
    private static Run crashed;

    private record Run(int exitCode, String output, Path results, List<JsonNode> cells) {
        List<JsonNode> on(String host) {
            return cells.stream().filter(c -> host(c).equals(host)).toList();
        }
    }

    @BeforeAll
    static void runTwoSmallSuitesOnFaultedFleets() throws Exception {
        faulted = run("faults", LAB_FAULTS, """
                version: 1
                suite: faults
                description: one UPT cell per x-igd-opregion setting, on hosts with and without injected faults
                coverage: full
                guest: linux
                axes:
                  generation: [sandy-bridge, haswell, kaby-lake, ice-lake, tiger-lake, alder-lake]
                  machine: [q35]
                  firmware: [ovmf]
                  mode: [upt]
                  x-igd-opregion: ["on", "off", default]
                """);
        crashed = run("crash", Map.of("kbl-01", Map.of("qemu-crash", Map.of("after-ms", 0))), """
                version: 1
                suite: crash
                description: a QEMU that segfaults while its guest boots, next to a healthy host
                coverage: full
                guest: linux
                axes:
                  generation: [kaby-lake, alder-lake]
                  machine: [q35]
                  firmware: [ovmf]
                  mode: [upt]
                  x-igd-opregion: ["on"]
                """);
    }

    private static Run run(String runId, Map<String, Object> faults, String suiteYaml) throws Exception {
        Path inventory = faultedInventory(runId, faults);
        Path suite = tmp.resolve(runId + "-suite.yaml");
        Files.writeString(suite, suiteYaml);
        Path reports = tmp.resolve(runId + "-reports");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"run", "--inventory", inventory.toString(), "--suite", suite.toString(),
                "--reports", reports.toString(), "--run-id", runId, "--no-html"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        Path results = reports.resolve("runs/" + runId + "/allure-results");
        List<JsonNode> cells = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList()) {
                cells.add(JSON.readTree(f.toFile()));
            }
        }
        return new Run(exit, out + "\n" + err, results, cells);
    }

    /** lab-inventory/twin.yaml, through Jackson, with {@code faults} added to their hosts' twin blocks. */
    private static Path faultedInventory(String name, Map<String, Object> faults) throws Exception {
        ObjectNode root = (ObjectNode) YAML.readTree(HOME.resolve("lab-inventory/twin.yaml").toFile());
        for (JsonNode h : root.get("hosts")) {
            Object fault = faults.get(h.get("name").asText());
            if (fault != null) {
                ((ObjectNode) h.get("twin")).putArray("faults").add(YAML.valueToTree(fault));
            }
        }
        Path file = tmp.resolve(name + "-twin.yaml");
        YAML.writeValue(file.toFile(), root);
        return file;
    }

    private static String host(JsonNode cell) {
        for (JsonNode label : cell.path("labels")) {
            if (label.path("name").asText().equals("host")) {
                return label.path("value").asText();
            }
        }
        return "?";
    }

    private static String status(JsonNode cell) {
        return cell.path("status").asText();
    }

    private static String message(JsonNode cell) {
        return cell.path("statusDetails").path("message").asText();
    }

    private static Duration took(JsonNode cell) {
        return Duration.ofMillis(cell.path("stop").asLong() - cell.path("start").asLong());
    }

    /** The content of the attachment with this name, anywhere in the cell's steps. */
    private static List<String> attachments(Run run, JsonNode cell, String name) throws Exception {
        List<String> found = new ArrayList<>();
        for (JsonNode a : cell.findValues("attachments")) {
            for (JsonNode attachment : a) {
                if (attachment.path("name").asText().equals(name)) {
                    found.add(Files.readString(run.results().resolve(attachment.path("source").asText()), StandardCharsets.UTF_8));
                }
            }
        }
        return found;
    }

    @Test
    void everyCellOnAFaultedHostEndsBrokenNeverFailedAndTheRunExitsWithLabFaultsOnly() {
        assertThat(faulted.cells()).hasSize(18);
        assertThat(faulted.cells()).extracting(FaultsOnTwinIT::status).doesNotContain("failed");
        for (String host : List.of("snb-01", "hsw-01")) {
            assertThat(faulted.on(host)).hasSize(3).allSatisfy(c -> {
                assertThat(status(c)).isEqualTo("broken");
                assertThat(message(c)).startsWith("host=" + host + " step='");
            });
        }
        assertThat(faulted.exitCode()).as(faulted.output()).isEqualTo(3);
    }

    @Test
    void cellsOnHealthyHostsPass() {
        for (String host : List.of("kbl-01", "adl-01")) {
            assertThat(faulted.on(host)).hasSize(3).extracting(FaultsOnTwinIT::status).containsOnly("passed");
        }
    }

    @Test
    void onlyTheFirstCellOnAHealthyHostConnectsLeasesChecksAndBindsTheOthersStartAtTheLaunch() {
        List<String> hostSteps = List.of("connect to kbl-01", "bring the agent up to date on kbl-01", "lease kbl-01",
                "check host kbl-01", "bind 0000:00:02.0 and its IOMMU group to vfio-pci");
        List<JsonNode> cells = faulted.on("kbl-01");
        assertThat(cells).hasSize(3).allSatisfy(c -> assertThat(stepNames(c)).contains("launch QEMU"));
        assertThat(cells).filteredOn(c -> stepNames(c).containsAll(hostSteps)).hasSize(1);
        assertThat(cells).filteredOn(c -> stepNames(c).stream().noneMatch(hostSteps::contains)).hasSize(2);
    }

    @Test
    void afterALabFaultTheNextCellOnThatHostStartsAgainFromTheConnection() {
        // hsw-01 drops its connection during one launch: every later cell there connects (and leases) anew
        List<JsonNode> cells = faulted.on("hsw-01");
        assertThat(cells).filteredOn(c -> stepNames(c).contains("connect to hsw-01")
                && stepNames(c).contains("lease hsw-01")).hasSizeGreaterThanOrEqualTo(2);
    }

    private static List<String> stepNames(JsonNode cell) {
        List<String> names = new ArrayList<>();
        for (JsonNode step : cell.path("steps")) {
            names.add(step.path("name").asText());
        }
        return names;
    }

    @Test
    void anUnreachableHostBreaksTwoCellsAtConnectWhenItsConnectionIsResetThenIsQuarantined() {
        List<JsonNode> atConnect = faulted.on("snb-01").stream()
                .filter(c -> !message(c).startsWith("host=snb-01 step='quarantine'")).toList();
        assertThat(atConnect).hasSize(2).allSatisfy(c -> {
            assertThat(message(c)).startsWith("host=snb-01 step='connect to snb-01': ")
                    .contains("Connection reset");
            assertThat(took(c)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
        });
        assertThat(faulted.on("snb-01")).filteredOn(c -> message(c).startsWith("host=snb-01 step='quarantine': the host is"
                + " quarantined since ")).singleElement().satisfies(c -> assertThat(message(c))
                .contains("because 2 lab faults in a row").contains("no other host of generation sandy-bridge"));
    }

    @Test
    void aConnectionDroppedDuringLaunchBreaksThatCellAndItsStrayQemuBreaksTheNextSoTheHostIsQuarantined() {
        List<String> messages = faulted.on("hsw-01").stream().map(FaultsOnTwinIT::message).toList();
        assertThat(messages).filteredOn(m -> m.startsWith("host=hsw-01 step='launch QEMU': ConnectionLostException"))
                .hasSize(1).allSatisfy(m -> assertThat(m).contains("'launch'").contains("EOF"));
        assertThat(messages).filteredOn(m -> m.startsWith("host=hsw-01 step='check host hsw-01': ")
                && m.contains("1 QEMU process(es) from earlier cells still run")).hasSize(1);
        assertThat(messages).filteredOn(m -> m.startsWith("host=hsw-01 step='quarantine': ")).hasSize(1);
    }

    @Test
    void aFlakyFactsVerbBreaksTheFirstTwoCellsWhichQuarantinesTheHostForTheRestOfTheRun() {
        List<JsonNode> cells = faulted.on("tgl-01");
        assertThat(cells).extracting(FaultsOnTwinIT::status).containsOnly("broken").hasSize(3);
        assertThat(cells).extracting(FaultsOnTwinIT::message).filteredOn(m -> m.startsWith("host=tgl-01 step='quarantine'"))
                .hasSize(1);
        assertThat(cells).filteredOn(c -> !message(c).startsWith("host=tgl-01 step='quarantine'"))
                .extracting(FaultsOnTwinIT::message)
                .allSatisfy(m -> assertThat(m).startsWith("host=tgl-01 step='check host tgl-01': ")
                        .contains("error.code=failed").contains("exited 70"))
                .anySatisfy(m -> assertThat(m).contains("injected transient failure 1 of 2"))
                .anySatisfy(m -> assertThat(m).contains("injected transient failure 2 of 2"));
    }

    /** The runner does not judge dmar.faults yet: the storm is in the evidence, the cells pass. */
    @Test
    void aDmarStormReachesEachCellsHostDmesgButDoesNotChangeTheOutcomeToday() throws Exception {
        assertThat(faulted.on("icl-01")).hasSize(3);
        for (JsonNode cell : faulted.on("icl-01")) {
            assertThat(status(cell)).isEqualTo("passed");
            List<String> dmesg = attachments(faulted, cell, "host-dmesg.txt");
            assertThat(dmesg).hasSize(1);
            List<String> dmar = dmesg.get(0).lines().filter(l -> l.contains("DMAR:") && l.contains("fault")).toList();
            assertThat(dmar).hasSize(500);
            assertThat(dmar.get(1)).contains("DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x")
                    .endsWith("[fault reason 0x06] PTE Read access is not set");
        }
    }

    @Test
    void noCellTakesLongerThanTheConnectBudget() {
        assertThat(faulted.cells()).allSatisfy(c -> assertThat(took(c)).isLessThan(CONNECT_BUDGET));
        assertThat(crashed.cells()).allSatisfy(c -> assertThat(took(c)).isLessThan(CONNECT_BUDGET));
    }

    /**
     * A known gap: a QEMU that dies by SIGSEGV before QMP answers is judged like a QEMU that
     * refused the VM (the runner ignores exit-signal), so the cell is {@code failed}, not
     * {@code broken}, and the run exits 1. When the runner learns the difference, this flips.
     */
    @Test
    void aQemuCrashDuringGuestBootIsJudgedAsQemuNotStartingToday() {
        assertThat(crashed.on("kbl-01")).singleElement().satisfies(c -> {
            assertThat(status(c)).isEqualTo("failed");
            assertThat(message(c)).startsWith("expected QEMU to start the VM; it exited.");
        });
        assertThat(crashed.on("adl-01")).singleElement().extracting(FaultsOnTwinIT::status).isEqualTo("passed");
        assertThat(crashed.exitCode()).as(crashed.output()).isEqualTo(1);
    }
}
