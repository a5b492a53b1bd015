package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Control cells through the real {@code lab run} on the twin fleet with kbl-01's guest image
 * damaged (twin fault {@code guest-image-corrupt}: QEMU refuses the image, IGD or not) and cfl-02's
 * seeded firmware regression left in place. The control cells pass on healthy hosts and run before
 * every other cell of their host; kbl-01's control cells break, and its IGD cells are reported
 * broken without running. The same suite without its control block shows why: there kbl-01's IGD
 * cells fail, as if the product were at fault.
 */
class ControlCellsOnTwinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    private static final String AXES = """
            version: 1
            suite: control-it
            description: UPT cells on three generations, each host's control cells first
            coverage: full
            guest: linux
            axes:
              generation: [kaby-lake, coffee-lake, alder-lake]
              machine: [pc, q35]
              firmware: [seabios]
              mode: [upt]
              x-igd-opregion: ["on"]
            """;
    private static final String CONTROL = """
            control:
              - {machine: pc, firmware: seabios}
              - {machine: q35, firmware: ovmf}
            """;

    @TempDir
    static Path tmp;

    private static Run withControl;
    private static Run withoutControl;

    private record Run(int exitCode, String output, List<JsonNode> cells) {
        List<JsonNode> on(String host) {
            return cells.stream().filter(c -> label(c, "host").equals(host)).toList();
        }

        List<JsonNode> control(String host) {
            return on(host).stream().filter(ControlCellsOnTwinIT::isControl).toList();
        }

        List<JsonNode> igd(String host) {
            return on(host).stream().filter(c -> !isControl(c)).toList();
        }
    }

    @BeforeAll
    static void runTheSuiteWithAndWithoutControlCellsOnAFleetWithADamagedGuestImage() throws Exception {
        Path inventory = inventoryWithCorruptImageOnKbl01();
        withControl = run("with-control", inventory, AXES + CONTROL);
        withoutControl = run("without-control", inventory, AXES);
    }

    @Test
    void eachHostRunsTwoControlCellsNamedAfterItAndLabelledControl() {
        for (String host : List.of("kbl-01", "cfl-01", "cfl-02", "adl-01")) {
            assertThat(withControl.control(host)).as(withControl.output())
                    .extracting(c -> c.path("fullName").asText())
                    .containsExactlyInAnyOrder("control-it.control." + host + ".pc.seabios",
                            "control-it.control." + host + ".q35.ovmf");
            assertThat(withControl.control(host)).allSatisfy(c -> assertThat(label(c, "epic")).isEqualTo("control"));
        }
        assertThat(withControl.cells()).hasSize(6 + 4 * 2);
    }

    @Test
    void controlCellsPassOnHealthyHostsSeeingTheEmulatedVgaAt0002() {
        for (String host : List.of("cfl-01", "cfl-02", "adl-01")) {
            assertThat(withControl.control(host)).allSatisfy(c -> {
                assertThat(c.path("status").asText()).as(describe(c)).isEqualTo("passed");
                assertThat(attachment(withControl, c, "decoded registers")).contains("vendor 0x1234").contains("device 0x1111");
                assertThat(attachment(withControl, c, "QEMU command line")).contains("VGA,id=vga,bus=")
                        .doesNotContain("vfio-pci");
            });
        }
    }

    @Test
    void everyControlCellOfAHostEndsBeforeAnyOtherCellOfThatHostTakesAStep() {
        // the Allure test starts when its thread picks the row; the cell's steps start once the gate lets it run
        for (String host : List.of("cfl-01", "cfl-02", "adl-01")) {
            long lastControlStep = withControl.control(host).stream().mapToLong(c -> lastStepStop(c)).max().orElseThrow();
            assertThat(withControl.igd(host)).as(host).isNotEmpty().allSatisfy(c -> assertThat(c.path("steps").get(0)
                    .path("start").asLong()).as(describe(c)).isGreaterThanOrEqualTo(lastControlStep));
        }
    }

    @Test
    void theDamagedHostsControlCellsBreakWithQemusRefusalAndItsIgdCellsBreakWithoutRunning() {
        assertThat(withControl.control("kbl-01")).hasSize(2).allSatisfy(c -> {
            assertThat(c.path("status").asText()).as(describe(c)).isEqualTo("broken");
            assertThat(message(c)).startsWith("host=kbl-01 control cell control.kbl-01.")
                    .contains("(lab, not product)").contains("Image is not in qcow2 format");
        });
        assertThat(withControl.igd("kbl-01")).hasSize(2).allSatisfy(c -> {
            assertThat(c.path("status").asText()).as(describe(c)).isEqualTo("broken");
            assertThat(message(c)).startsWith("host kbl-01 failed its control cell control.kbl-01.pc.seabios: broken at "
                    + "step 'verdict': host=kbl-01 control cell control.kbl-01.pc.seabios (lab, not product): "
                    + "expected QEMU to start the control VM; it exited.");
            assertThat(c.path("steps")).as("steps of a cell that was not run").isEmpty();
        });
    }

    @Test
    void otherHostsAreUnaffectedAndTheSeededFirmwareRegressionStillFails() {
        for (String host : List.of("cfl-01", "adl-01")) {
            assertThat(withControl.igd(host)).isNotEmpty().allSatisfy(c -> assertThat(c.path("status").asText())
                    .as(describe(c)).isEqualTo(statusOf(withoutControl, c)).isEqualTo("passed"));
        }
        // cfl-02 is healthy as a host: its product failures stay failures, exactly as without control cells
        assertThat(withControl.igd("cfl-02")).isNotEmpty().allSatisfy(c -> assertThat(c.path("status").asText())
                .as(describe(c)).isEqualTo(statusOf(withoutControl, c)).isIn("passed", "failed"));
        assertThat(withControl.igd("cfl-02")).anySatisfy(c -> assertThat(message(c)).contains("0xFC"));
        assertThat(withControl.exitCode()).as(withControl.output()).isEqualTo(1);
    }

    @Test
    void withoutControlCellsTheDamagedImageLooksLikeAProductFailure() {
        assertThat(withoutControl.cells()).hasSize(6).noneMatch(ControlCellsOnTwinIT::isControl);
        assertThat(withoutControl.igd("kbl-01")).hasSize(2).allSatisfy(c -> {
            assertThat(c.path("status").asText()).isEqualTo("failed");
            assertThat(message(c)).startsWith("expected QEMU to start the VM; it exited.")
                    .contains("Image is not in qcow2 format");
        });
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static Run run(String runId, Path inventory, String suiteYaml) throws Exception {
        Path suite = tmp.resolve(runId + "-suite.yaml");
        Files.writeString(suite, suiteYaml);
        Path reports = tmp.resolve(runId + "-reports");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"run", "--inventory", inventory.toString(), "--suite", suite.toString(),
                "--reports", reports.toString(), "--run-id", runId, "--no-html"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        List<JsonNode> cells = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports.resolve("runs/" + runId + "/allure-results"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList()) {
                ObjectNode cell = (ObjectNode) JSON.readTree(f.toFile());
                cell.put("resultsDir", f.getParent().toString());
                cells.add(cell);
            }
        }
        return new Run(exit, out + "\n" + err, cells);
    }

    /** lab-inventory/twin.yaml with {@code guest-image-corrupt} added to kbl-01 (cfl-02 keeps its seeded fault). */
    private static Path inventoryWithCorruptImageOnKbl01() throws Exception {
        ObjectNode root = (ObjectNode) YAML.readTree(HOME.resolve("lab-inventory/twin.yaml").toFile());
        for (JsonNode h : root.get("hosts")) {
            if (h.get("name").asText().equals("kbl-01")) {
                ((ObjectNode) h.get("twin")).putArray("faults").add("guest-image-corrupt");
            }
        }
        Path file = tmp.resolve("corrupt-image-twin.yaml");
        YAML.writeValue(file.toFile(), root);
        return file;
    }

    private static long lastStepStop(JsonNode cell) {
        JsonNode steps = cell.path("steps");
        assertThat(steps).as(describe(cell)).isNotEmpty();
        return steps.get(steps.size() - 1).path("stop").asLong();
    }

    private static boolean isControl(JsonNode cell) {
        return cell.path("fullName").asText().startsWith("control-it.control.");
    }

    private static String statusOf(Run run, JsonNode same) {
        return run.cells().stream().filter(c -> c.path("fullName").asText().equals(same.path("fullName").asText()))
                .findFirst().orElseThrow().path("status").asText();
    }

    private static String label(JsonNode cell, String name) {
        for (JsonNode label : cell.path("labels")) {
            if (label.path("name").asText().equals(name)) {
                return label.path("value").asText();
            }
        }
        return "?";
    }

    private static String message(JsonNode cell) {
        return cell.path("statusDetails").path("message").asText();
    }

    private static String describe(JsonNode cell) {
        return cell.path("fullName").asText() + " on " + label(cell, "host") + ": " + message(cell);
    }

    /** The text of the first attachment named {@code prefix}…, searched through nested steps. */
    private static String attachment(Run run, JsonNode cell, String prefix) {
        List<JsonNode> pending = new ArrayList<>(List.of(cell));
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(0);
            for (JsonNode a : node.path("attachments")) {
                if (a.path("name").asText().startsWith(prefix)) {
                    try {
                        return Files.readString(Path.of(cell.path("resultsDir").asText()).resolve(a.path("source").asText()));
                    } catch (Exception e) {
                        throw new AssertionError("cannot read attachment " + a, e);
                    }
                }
            }
            node.path("steps").forEach(pending::add);
        }
        throw new AssertionError("no attachment '" + prefix + "' in " + describe(cell));
    }
}
