package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.igdlab.runner.inventory.Endpoint;
import org.igdlab.runner.run.EmbeddedLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the lab does with the inputs a person gets wrong: a host key that changed, broken YAML, a password. */
class LabInputsIT {

    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** A well-formed fingerprint that belongs to no twin host. */
    private static final String WRONG_PIN = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @TempDir
    Path tmp;

    private record Outcome(int exit, String out, String err) {
    }

    private Outcome lab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void refusesAHostWhoseKeyDoesNotMatchThePinAndNamesBothFingerprints() throws Exception {
        try (EmbeddedLab.Fleet fleet = new TwinEmbeddedLab().start(HOME.resolve("lab-inventory/twin.yaml"),
                HOME.resolve("lab-inventory/artifacts.yaml"))) {
            Endpoint snb = fleet.endpoints().get("snb-01");
            Path inventory = pinnedInventory(fleet, "snb-01", WRONG_PIN);
            Outcome run = lab("run", "--inventory", inventory.toString(), "--suite", oneCellSuite().toString(),
                    "--reports", tmp.resolve("reports").toString(), "--run-id", "key-mismatch", "--no-html");

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
            JsonNode result = onlyResult(tmp.resolve("reports/runs/key-mismatch/allure-results"));
            assertThat(result.get("status").asText()).isEqualTo("broken");
            assertThat(result.get("statusDetails").get("message").asText())
                    .contains("snb-01").contains(WRONG_PIN).contains(snb.hostKeyFingerprint());
        }
    }

    @Test
    void reachesTheTwinAsAnOrdinaryInventoryWhenThePinMatches() throws Exception {
        try (EmbeddedLab.Fleet fleet = new TwinEmbeddedLab().start(HOME.resolve("lab-inventory/twin.yaml"),
                HOME.resolve("lab-inventory/artifacts.yaml"))) {
            String pin = fleet.endpoints().get("snb-01").hostKeyFingerprint();
            Outcome run = lab("run", "--inventory", pinnedInventory(fleet, "snb-01", pin).toString(),
                    "--suite", oneCellSuite().toString(), "--reports", tmp.resolve("reports").toString(),
                    "--run-id", "pinned", "--no-html");

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(onlyResult(tmp.resolve("reports/runs/pinned/allure-results")).get("status").asText())
                    .isEqualTo("passed");
        }
    }

    @Test
    void malformedInventoryYamlFailsWithFileLineColumnAndWhatWasExpected() throws Exception {
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, """
                version: 1
                hosts:
                  - name: snb-01
                    address: embedded
                    generation: [sandy-bridge
                """);
        Outcome run = lab("plan", "--inventory", broken.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).containsPattern(broken.getFileName() + ":\\d+:\\d+: ");
    }

    @Test
    void malformedSuiteYamlFailsWithFileLineColumnAndTheAllowedValues() throws Exception {
        Path suite = tmp.resolve("suite.yaml");
        Files.writeString(suite, """
                version: 1
                suite: broken
                coverage: full
                guest: linux
                axes:
                  generation: [sandy-bridge]
                  machine: [pc, i440]
                """);
        Outcome run = lab("plan", "--suite", suite.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("suite.yaml:7:").contains("i440").contains("q35");
    }

    @Test
    void aPasswordInTheInventoryIsRefusedWithTheReason() throws Exception {
        ObjectNode twin = (ObjectNode) YAML.readTree(HOME.resolve("lab-inventory/twin.yaml").toFile());
        ((ObjectNode) twin.get("defaults")).put("password", "hunter2");
        Path inventory = tmp.resolve("with-password.yaml");
        YAML.writeValue(inventory.toFile(), twin);
        Outcome run = lab("plan", "--inventory", inventory.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("password").contains("password-file").doesNotContain("hunter2");
    }

    /** twin.yaml reduced to one host, bound to where the fleet serves it and pinned to {@code pin}. */
    private Path pinnedInventory(EmbeddedLab.Fleet fleet, String host, String pin) throws Exception {
        ObjectNode root = (ObjectNode) YAML.readTree(HOME.resolve("lab-inventory/twin.yaml").toFile());
        ((ObjectNode) root.get("defaults")).putObject("identity").put("file", fleet.identityFile().toString());
        ArrayNode hosts = YAML.createArrayNode();
        for (JsonNode h : root.get("hosts")) {
            if (host.equals(h.get("name").asText())) {
                Endpoint e = fleet.endpoints().get(host);
                hosts.add(((ObjectNode) h).put("address", e.address()).put("port", e.port()).put("host-key", pin));
            }
        }
        root.set("hosts", hosts);
        Path file = tmp.resolve("pinned-" + pin.hashCode() + ".yaml");
        YAML.writeValue(file.toFile(), root);
        return file;
    }

    private Path oneCellSuite() throws Exception {
        Path suite = tmp.resolve("one-cell.yaml");
        Files.writeString(suite, """
                version: 1
                suite: one-cell
                description: one Sandy Bridge legacy cell
                coverage: full
                guest: linux
                axes:
                  generation: [sandy-bridge]
                  machine: [pc]
                  firmware: [seabios]
                  mode: [legacy]
                  x-igd-opregion: [default]
                """);
        return suite;
    }

    private static JsonNode onlyResult(Path results) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(results)) {
            files = s.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList();
        }
        assertThat(files).hasSize(1);
        return new ObjectMapper().readTree(files.get(0).toFile());
    }
}
