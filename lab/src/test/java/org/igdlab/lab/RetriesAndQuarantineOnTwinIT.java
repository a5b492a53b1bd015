package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * Lab faults on a twin fleet where some generations have two hosts (copies of twin.yaml's hosts
 * under new names): a broken cell is retried on its generation's other host and passes there,
 * every attempt is in the journal and in Allure (as retries of the cell), a host broken twice in
 * a row is quarantined and listed so by {@code lab hosts}, and a later run health-checks it.
 */
class RetriesAndQuarantineOnTwinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    /** Hosts copied under a new name: the faulted host's healthy twin. */
    private static final Map<String, String> TWINS = Map.of("snb-01", "snb-02", "hsw-01", "hsw-02", "tgl-01", "tgl-02");
    private static final Map<String, Object> FAULTS = Map.of(
            "snb-01", Map.of("unreachable", Map.of("close-after-ms", 1500)),
            "hsw-01", Map.of("drop-connection", Map.of("verb", "launch", "after", 1)),
            "tgl-01", Map.of("flaky", Map.of("verb", "facts", "failures", 2)),
            // kaby-lake has one host: its broken cell has nowhere to go
            "kbl-01", Map.of("flaky", Map.of("verb", "facts", "failures", 1)));
    private static final String SUITE = """
            version: 1
            suite: %s
            description: one UPT cell per x-igd-opregion setting on faulted hosts and their twins
            coverage: full
            guest: linux
            axes:
              generation: [%s]
              machine: [q35]
              firmware: [ovmf]
              mode: [upt]
              x-igd-opregion: ["on", "off", default]
            """;

    @TempDir
    static Path tmp;

    private static Run faulted;
    private static String hostsAfterFaults;
    private static Run later;
    private static String hostsAfterLater;

    private record Run(int exitCode, String output, List<JsonNode> results, List<JsonNode> journal) {

        /** Every Allure result of a cell, oldest attempt first. */
        List<JsonNode> attempts(String cellId) {
            return results.stream().filter(r -> r.path("fullName").asText().endsWith("." + cellId))
                    .sorted(Comparator.comparingLong(r -> r.path("start").asLong())).toList();
        }

        Map<String, List<JsonNode>> byCell() {
            return results.stream().collect(Collectors.groupingBy(r -> r.path("historyId").asText()));
        }

        List<JsonNode> finals() {
            return journal.stream().filter(j -> j.path("final").asBoolean(false)).toList();
        }
    }

    @BeforeAll
    static void runOnAFaultedFleetThenAgainWithOnlySandyBridgeFaulted() throws Exception {
        faulted = run("faulted", FAULTS, "sandy-bridge, haswell, kaby-lake, tiger-lake, alder-lake");
        hostsAfterFaults = lab("hosts", "--inventory", tmp.resolve("faulted-twin.yaml").toString());
        later = run("later", Map.of("snb-01", Map.of("unreachable", Map.of("close-after-ms", 1500))),
                "sandy-bridge, haswell, tiger-lake");
        hostsAfterLater = lab("hosts", "--inventory", tmp.resolve("later-twin.yaml").toString());
    }

    private static Run run(String runId, Map<String, Object> faults, String generations) throws Exception {
        Path inventory = inventory(runId, faults);
        Path suite = Files.writeString(tmp.resolve(runId + "-suite.yaml"), SUITE.formatted(runId, generations));
        Path reports = tmp.resolve("reports");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"run", "--inventory", inventory.toString(), "--suite", suite.toString(),
                "--reports", reports.toString(), "--run-id", runId, "--no-html"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        Path runDir = reports.resolve("runs/" + runId);
        List<JsonNode> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir.resolve("allure-results"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList()) {
                results.add(JSON.readTree(f.toFile()));
            }
        }
        List<JsonNode> journal = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("journal.jsonl"))) {
            journal.add(JSON.readTree(line));
        }
        return new Run(exit, out + "\n" + err, results, journal);
    }

    private static String lab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    /** lab-inventory/twin.yaml with the twins added and the faults injected; every run's file in the same directory. */
    private static Path inventory(String name, Map<String, Object> faults) throws Exception {
        ObjectNode root = (ObjectNode) YAML.readTree(HOME.resolve("lab-inventory/twin.yaml").toFile());
        ArrayNode hosts = (ArrayNode) root.get("hosts");
        List<JsonNode> copies = new ArrayList<>();
        for (JsonNode h : hosts) {
            String twin = TWINS.get(h.get("name").asText());
            if (twin != null) {
                copies.add(((ObjectNode) h.deepCopy()).put("name", twin));
            }
        }
        hosts.addAll(copies);
        for (JsonNode h : hosts) {
            Object fault = faults.get(h.get("name").asText());
            if (fault != null) {
                ((ObjectNode) h.get("twin")).putArray("faults").add(YAML.valueToTree(fault));
            }
        }
        Path file = tmp.resolve(name + "-twin.yaml");
        YAML.writeValue(file.toFile(), root);
        return file;
    }

    private static String host(JsonNode result) {
        for (JsonNode label : result.path("labels")) {
            if (label.path("name").asText().equals("host")) {
                return label.path("value").asText();
            }
        }
        return "?";
    }

    private static String status(JsonNode result) {
        return result.path("status").asText();
    }

    private static String message(JsonNode result) {
        return result.path("statusDetails").path("message").asText();
    }

    @Test
    void everyCellEndsInExactlyOneFinalOutcomeAndNoLabFaultIsFailed() {
        assertThat(faulted.finals()).hasSize(15);
        assertThat(faulted.finals()).extracting(j -> j.path("cell").asText()).doesNotHaveDuplicates();
        assertThat(faulted.byCell()).hasSize(15);
        assertThat(faulted.results()).extracting(RetriesAndQuarantineOnTwinIT::status).doesNotContain("failed");
        assertThat(faulted.journal()).extracting(j -> j.path("status").asText()).doesNotContain("failed");
        // the one kaby-lake cell that broke had no other host; everything else ends passed
        assertThat(faulted.finals()).filteredOn(j -> !j.path("status").asText().equals("passed"))
                .singleElement().satisfies(j -> {
                    assertThat(j.path("host").asText()).isEqualTo("kbl-01");
                    assertThat(j.path("status").asText()).isEqualTo("broken");
                    assertThat(j.path("message").asText()).contains("injected transient failure 1 of 1");
                });
        assertThat(faulted.exitCode()).as(faulted.output()).isEqualTo(3);
    }

    @Test
    void cellsMovedFromAFaultedHostToItsHealthyTwinPassThereAndKeepTheBrokenAttemptAsARetry() {
        for (Map.Entry<String, String> pair : TWINS.entrySet()) {
            List<JsonNode> brokenOnFaulted = faulted.results().stream()
                    .filter(r -> host(r).equals(pair.getKey())).toList();
            assertThat(brokenOnFaulted).as(pair.getKey()).isNotEmpty()
                    .allSatisfy(r -> assertThat(status(r)).isEqualTo("broken"));
            for (JsonNode broken : brokenOnFaulted) {
                List<JsonNode> attempts = faulted.byCell().get(broken.path("historyId").asText());
                JsonNode last = attempts.stream().max(Comparator.comparingLong(r -> r.path("start").asLong())).orElseThrow();
                assertThat(host(last)).isEqualTo(pair.getValue());
                assertThat(status(last)).isEqualTo("passed");
                assertThat(attempts).extracting(r -> r.path("fullName").asText()).containsOnly(last.path("fullName").asText());
            }
        }
    }

    @Test
    void everyAttemptIsJournaledWithItsHostAttemptNumberAndStep() {
        List<JsonNode> finished = faulted.journal().stream().filter(j -> j.path("event").asText().equals("finished")).toList();
        assertThat(finished).hasSize(faulted.results().size());
        assertThat(finished).filteredOn(j -> j.path("host").asText().equals("snb-01")).isNotEmpty().allSatisfy(j -> {
            assertThat(j.path("status").asText()).isEqualTo("broken");
            assertThat(j.path("final").asBoolean()).isFalse();
            assertThat(j.path("attempt").asInt()).isEqualTo(1);
            assertThat(j.path("step").asText()).isEqualTo("connect to snb-01");
        });
        assertThat(finished).filteredOn(j -> j.path("attempt").asInt() == 2).isNotEmpty()
                .allSatisfy(j -> assertThat(j.path("host").asText()).isIn(TWINS.values()));
    }

    @Test
    void aHostBrokenTwiceInARowIsQuarantinedGetsNoMoreCellsAndIsListedByLabHosts() {
        for (String host : TWINS.keySet()) {
            assertThat(faulted.journal()).as(host)
                    .filteredOn(j -> j.path("host").asText().equals(host) && j.path("event").asText().equals("started"))
                    .hasSize(2);
            assertThat(hostsAfterFaults).containsPattern("(?m)^" + host + " .* quarantined since \\S+ because 2 lab faults in a row");
            assertThat(faulted.output()).contains("host " + host + " quarantined: 2 lab faults in a row");
        }
        assertThat(hostsAfterFaults).containsPattern("(?m)^snb-02 +sandy-bridge +ok$").containsPattern("(?m)^kbl-01 +kaby-lake +ok$");
    }

    @Test
    void aLaterRunUsesAQuarantinedHostAgainOnlyIfItsHealthCheckPasses() {
        assertThat(later.output()).contains("host hsw-01 was quarantined; its health check passed, so it is used again")
                .contains("host tgl-01 was quarantined; its health check passed, so it is used again")
                .containsPattern("host snb-01 stays quarantined \\(quarantined since .*\\): health check could not run");
        assertThat(later.results()).filteredOn(r -> host(r).equals("snb-01")).isEmpty();
        assertThat(later.results()).filteredOn(r -> host(r).equals("hsw-01")).isNotEmpty();
        assertThat(later.results()).extracting(RetriesAndQuarantineOnTwinIT::status).containsOnly("passed");
        assertThat(later.exitCode()).as(later.output()).isZero();
        assertThat(hostsAfterLater).containsPattern("(?m)^snb-01 .* quarantined since").containsPattern("(?m)^hsw-01 +haswell +ok$");
    }
}
