package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.igdlab.runner.cli.LabCommand;
import org.igdlab.runner.inventory.Endpoint;
import org.igdlab.runner.run.EmbeddedLab;
import org.igdlab.twin.fleet.TwinEndpoint;
import org.igdlab.twin.fleet.TwinFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mutation check: each deliberate fault in the twin's model (a twin.yaml {@code twin.faults}
 * entry, see twin/README.md "Model mutations") must turn at least one cell of the nightly suite red,
 * with a message that names the register or QEMU message the fault breaks; the same hosts without
 * the fault stay green.
 *
 * <p>One twin fleet is started for the whole test: a mutated copy of a lab-inventory/twin.yaml host
 * per mutation, plus the unmutated hosts as controls. The runner picks hosts by generation
 * (round-robin), so the mutated hosts are run in rounds with at most one host per generation, each
 * round the nightly suite restricted to the generations of its hosts, through the real
 * {@code lab run}; the last round is the control.
 */
class MutationsOnTwinIT {

    /** The nightly suite restricted to one generation: 24 IGD cells and nightly.yaml's 2 control cells per host. */
    private static final int CELLS_PER_HOST = 24 + 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();

    /**
     * A mutation on a copy of {@code base}, and what a red cell's message must contain. {@code noRom}:
     * the copy's host booted UEFI (no shadow VBIOS), for the faults on the "Device has no ROM" path.
     */
    private record Mutation(String fault, String base, boolean noRom, String named) {
        String host() {
            return "m-" + fault;
        }
    }

    /** Round 1 and round 2: at most one mutated host per generation in each. */
    private static final List<List<Mutation>> ROUNDS = List.of(
            List.of(new Mutation("seabios-bdsm-at-any-bdf", "snb-01", false, "expected 0x5C: 0 (emulated, never written)"),
                    new Mutation("bdsm-not-1mib-aligned", "hsw-01", false, "which is not 1 MiB-aligned"),
                    new Mutation("legacy-rom-check-skipped", "kbl-01", false, "/Device has no ROM/"),
                    new Mutation("seabios-writes-0xc0", "cfl-01", false, "expected 0x5C: firmware-allocated"),
                    new Mutation("qemu-forgets-asls-emulation", "icl-01", false, "expected 0xFC: 0 (emulated, never written)"),
                    new Mutation("ovmf-writes-asls", "tgl-01", false, "expected 0xFC: 0 (emulated, never written)"),
                    new Mutation("x-igd-opregion-ignored", "adl-01", false, "expected 0xFC: 0 (emulated, never written)"),
                    new Mutation("opregion-not-page-aligned", "mtl-01", false, "which is not page-aligned")),
            List.of(new Mutation("wrong-error-message", "snb-01", true, "/Device has no ROM/"),
                    new Mutation("opregion-line-pads-device-id", "hsw-01", false, "/OpRegion detected on Intel display 412\\./"),
                    new Mutation("auto-legacy-failure-continues", "kbl-01", false, "expected 0xFC: the host value"),
                    new Mutation("opregion-default-off", "cfl-01", false, "expected 0xFC: firmware-allocated"),
                    new Mutation("legacy-allows-gen11-12", "icl-01", false, "expected 0xC0: 0 (emulated, never written)"),
                    new Mutation("gen11-bdsm-at-0x5c", "tgl-01", false, "expected 0xC0: 0 (emulated, never written)"),
                    new Mutation("ggc-gms-zeroed", "adl-01", false, "expected 0x50: the host value")));

    private static final List<String> CONTROLS = List.of("snb-01", "hsw-01", "kbl-01", "cfl-01", "icl-01", "tgl-01",
            "adl-01", "mtl-01");

    @TempDir
    static Path tmp;

    private static SharedFleet fleet;
    private static final Map<String, Run> RUNS = new LinkedHashMap<>();

    private record Run(int exitCode, String output, List<JsonNode> cells) {
        List<JsonNode> on(String host) {
            return cells.stream().filter(c -> host(c).equals(host)).toList();
        }
    }

    @BeforeAll
    static void runTheNightlySuiteOnTheMutatedHostsAndTheControls() throws Exception {
        Map<String, ObjectNode> base = new HashMap<>();
        ObjectNode twin = (ObjectNode) YAML.readTree(HOME.resolve("lab-inventory/twin.yaml").toFile());
        twin.get("hosts").forEach(h -> base.put(h.get("name").asText(), (ObjectNode) h));
        ArrayNode all = YAML.createArrayNode();
        List<List<ObjectNode>> rounds = new ArrayList<>();
        for (List<Mutation> round : ROUNDS) {
            List<ObjectNode> hosts = new ArrayList<>();
            for (Mutation m : round) {
                ObjectNode h = base.get(m.base()).deepCopy();
                h.put("name", m.host());
                if (m.noRom()) {
                    ((ObjectNode) h.get("igd")).put("rom", "none");
                }
                ((ObjectNode) h.get("twin")).putArray("faults").add(m.fault());
                hosts.add(h);
            }
            rounds.add(hosts);
        }
        List<ObjectNode> controls = CONTROLS.stream().map(base::get).toList();
        assertThat(controls).allSatisfy(h -> assertThat(h.path("twin").path("faults").isMissingNode()).as("control " + h).isTrue());
        rounds.add(controls);
        rounds.forEach(all::addAll);

        Path fleetFile = tmp.resolve("mutations-twin.yaml");
        twin.set("hosts", all);
        YAML.writeValue(fleetFile.toFile(), twin);
        fleet = SharedFleet.launch(fleetFile, HOME.resolve("lab-inventory/artifacts.yaml"));

        for (int i = 0; i < rounds.size(); i++) {
            String runId = i < ROUNDS.size() ? "mutations-" + (i + 1) : "control";
            RUNS.put(runId, run(runId, twin, rounds.get(i)));
        }
    }

    @AfterAll
    static void stopTheFleet() {
        if (fleet != null) {
            fleet.stop();
        }
    }

    @Test
    void everyMutationTurnsACellRedNamingTheRegisterOrMessageItBreaks() throws IOException {
        List<String> survivors = new ArrayList<>();
        StringBuilder summary = new StringBuilder("mutation\thost\tred cells\tred cell ids\n");
        for (int i = 0; i < ROUNDS.size(); i++) {
            Run run = RUNS.get("mutations-" + (i + 1));
            for (Mutation m : ROUNDS.get(i)) {
                List<JsonNode> cells = run.on(m.host());
                assertThat(cells).as(m.fault() + ": cells ran on " + m.host() + "\n" + run.output()).hasSize(CELLS_PER_HOST);
                List<JsonNode> red = cells.stream().filter(c -> "failed".equals(status(c))).toList();
                summary.append(m.fault()).append('\t').append(m.host()).append('\t').append(red.size()).append('\t')
                        .append(red.stream().map(c -> c.get("name").asText()).sorted().toList()).append('\n');
                boolean named = red.stream().anyMatch(c -> message(c).contains(m.named()));
                if (!named) {
                    survivors.add(m.fault() + " (no failed cell on " + m.host() + " says '" + m.named() + "'; failed: "
                            + cells.stream().filter(c -> "failed".equals(status(c))).map(MutationsOnTwinIT::message).toList() + ")");
                }
            }
        }
        // what turned red, for twin/README.md's table (build output, not committed)
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/mutation-check.tsv"), summary);
        assertThat(survivors).as("mutations the nightly suite does not notice").isEmpty();
    }

    @Test
    void aMutationIsAProductFailureNeverABrokenLab() {
        for (int i = 0; i < ROUNDS.size(); i++) {
            Run run = RUNS.get("mutations-" + (i + 1));
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.cells()).allSatisfy(c -> assertThat(status(c)).as(host(c) + " " + c.get("name").asText() + ": "
                    + message(c)).isIn("passed", "failed"));
        }
    }

    @Test
    void atLeastTenMutationsAreChecked() {
        assertThat(ROUNDS.stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theUnmutatedControlHostsStayGreen() {
        Run control = RUNS.get("control");
        assertThat(control.cells()).as(control.output()).hasSize(CELLS_PER_HOST * CONTROLS.size());
        assertThat(control.cells()).allSatisfy(c -> assertThat(status(c)).as(host(c) + " " + c.get("name").asText() + ": "
                + message(c)).isEqualTo("passed"));
        assertThat(control.exitCode()).as(control.output()).isZero();
    }

    // --- running ---------------------------------------------------------------------------------

    private static Run run(String runId, ObjectNode twin, List<ObjectNode> hosts) throws Exception {
        ObjectNode inventory = twin.deepCopy();
        ArrayNode list = inventory.putArray("hosts");
        hosts.forEach(list::add);
        Path inventoryFile = tmp.resolve(runId + "-inventory.yaml");
        YAML.writeValue(inventoryFile.toFile(), inventory);
        List<String> generations = hosts.stream().map(h -> h.get("generation").asText()).toList();
        Path suite = tmp.resolve(runId + "-suite.yaml");
        Files.writeString(suite, nightlyRestrictedTo(generations));
        Path reports = tmp.resolve(runId + "-reports");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LabCommand.commandLine(Optional.of(fleet), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("run", "--inventory", inventoryFile.toString(), "--suite", suite.toString(),
                        "--reports", reports.toString(), "--run-id", runId, "--no-html");
        List<JsonNode> cells = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports.resolve("runs/" + runId + "/allure-results"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList()) {
                cells.add(JSON.readTree(f.toFile()));
            }
        }
        return new Run(exit, out + "\n" + err, cells);
    }

    /** scenarios/suites/nightly.yaml with its generation axis cut down to {@code generations}. */
    private static String nightlyRestrictedTo(List<String> generations) throws IOException {
        ObjectNode nightly = (ObjectNode) YAML.readTree(HOME.resolve("scenarios/suites/nightly.yaml").toFile());
        ArrayNode axis = ((ObjectNode) nightly.get("axes")).putArray("generation");
        generations.forEach(axis::add);
        return YAML.writeValueAsString(nightly);
    }

    private static String host(JsonNode result) {
        for (JsonNode p : result.get("parameters")) {
            if (p.get("name").asText().equals("host")) {
                return p.get("value").asText();
            }
        }
        return "";
    }

    private static String status(JsonNode result) {
        return result.get("status").asText();
    }

    private static String message(JsonNode result) {
        return result.path("statusDetails").path("message").asText("");
    }

    /**
     * The twin fleet of every round, started once: each {@code lab run} is handed the running fleet
     * (its inventory names a subset of the hosts) and its {@code close} leaves the fleet up.
     */
    private static final class SharedFleet implements EmbeddedLab {
        private final TwinFleet twin;
        private final Map<String, Endpoint> endpoints;
        private final Path identity;
        private final Path keyDir;

        private SharedFleet(TwinFleet twin, Map<String, Endpoint> endpoints, Path identity, Path keyDir) {
            this.twin = twin;
            this.endpoints = endpoints;
            this.identity = identity;
            this.keyDir = keyDir;
        }

        static SharedFleet launch(Path fleetFile, Path artifacts) throws IOException {
            Path keyDir = Files.createTempDirectory(tmp, "fleet-key-");
            ClientKey key = ClientKey.generate(keyDir);
            TwinFleet twin = TwinFleet.start(fleetFile, artifacts, key.keyPair().getPublic());
            Map<String, Endpoint> endpoints = new LinkedHashMap<>();
            for (TwinEndpoint e : twin.endpoints()) {
                endpoints.put(e.name(), new Endpoint(e.host(), e.port(), e.hostKeyFingerprint()));
            }
            return new SharedFleet(twin, Map.copyOf(endpoints), key.file(), keyDir);
        }

        @Override
        public Fleet start(Path inventoryFile, Path artifactsFile) {
            return new Fleet() {
                @Override
                public Map<String, Endpoint> endpoints() {
                    return endpoints;
                }

                @Override
                public Path identityFile() {
                    return identity;
                }

                @Override
                public void close() {
                    // the fleet outlives each run; stop() ends it
                }
            };
        }

        void stop() {
            twin.close();
            TwinEmbeddedLab.deleteTree(keyDir);
        }
    }
}
