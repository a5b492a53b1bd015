package org.igdlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PlanCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LabCommand.commandLine(Optional.empty(), new PrintWriter(out), new PrintWriter(err));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    static final String[] RELEASE = {"plan", "--suite", "../scenarios/suites/release.yaml",
        "--inventory", "../lab-inventory/twin.yaml", "--artifacts", "../lab-inventory/artifacts.yaml",
        "--expectations", "../scenarios/expectations.yaml"};

    static final String[] QEMU_BANDS = {"plan", "--suite", "../scenarios/suites/qemu-bands.yaml",
        "--inventory", "../lab-inventory/twin.yaml", "--artifacts", "../lab-inventory/artifacts.yaml",
        "--expectations", "../scenarios/expectations.yaml", "--format", "json"};

    @Test
    void jsonNamesTheQemuBuildAndBandOfEveryCellAndSkipsABuildTheHostsLack() throws Exception {
        Run r = run(QEMU_BANDS);

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        for (JsonNode cell : root.path("cells")) {
            String id = cell.path("id").asText();
            String build = cell.path("axes").path("qemu").asText("default");
            // igd-model.md bands table: 10.1 D, 10.0 C, 9.2 B, 8.2 A; default is each twin host's first build, 10.1.2
            String expected = switch (build) {
                case "default" -> "qemu-10.1.2 D";
                case "qemu-10.0.3" -> "qemu-10.0.3 C";
                case "qemu-9.2.4" -> "qemu-9.2.4 B";
                case "qemu-8.2.7" -> "qemu-8.2.7 A";
                default -> throw new AssertionError(id + ": unexpected build " + build);
            };
            assertThat(cell.path("qemuBuild").asText() + " " + cell.path("qemuBand").asText()).as(id).isEqualTo(expected);
        }
        assertThat(root.path("skipped")).isNotEmpty().allSatisfy(s -> {
            assertThat(s.path("id").asText()).startsWith("haswell.").endsWith(".qemu-8.2.7");
            assertThat(s.path("reason").asText()).startsWith("no host of haswell has qemu-8.2.7 installed");
        });
    }

    @Test
    void printsTheCoverageTheCellCountAndEachConstraintWithItsReason() {
        Run r = run(RELEASE);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("suite release: coverage pairwise \\(seed 1\\), \\d+ cells of 93312 combinations, 0 skipped")
                .contains("constraint romfile-efi-needs-ovmf excludes rom=romfile-efi, firmware=seabios: The EFI option ROM")
                .contains("haswell.q35.ovmf.upt.opregion-on ");
    }

    @Test
    void listsEachHostsControlCellsFirstWithTheirBuiltInExpectation() {
        Run r = run(RELEASE);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(", and 36 control cells (first on each host)");
        List<String> hsw = r.out().lines().filter(l -> l.matches("^\\S+\\s+hsw-01\\s.*")).toList();
        assertThat(hsw.subList(0, 4)).allSatisfy(l -> assertThat(l).startsWith("control.hsw-01.")
                .contains("control: QEMU starts, the guest answers, 00:02.0 is the emulated VGA 1234:1111"));
        assertThat(hsw.subList(0, 4)).extracting(l -> l.split("\\s+")[0]).containsExactly("control.hsw-01.pc.seabios",
                "control.hsw-01.pc.ovmf", "control.hsw-01.q35.seabios", "control.hsw-01.q35.ovmf");
        assertThat(hsw.subList(4, hsw.size())).isNotEmpty().noneMatch(l -> l.startsWith("control."));
    }

    @Test
    void jsonListsEveryCellWithItsAxesAndExpectationAndTheConstraints() throws Exception {
        String[] args = java.util.Arrays.copyOf(RELEASE, RELEASE.length + 2);
        args[RELEASE.length] = "--format";
        args[RELEASE.length + 1] = "json";
        Run r = run(args);

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.path("coverage").asText()).isEqualTo("pairwise (seed 1)");
        assertThat(root.path("cellCount").asInt()).isEqualTo(root.path("cells").size());
        assertThat(root.path("constraints").get(0).path("when").path("rom").get(0).asText()).isEqualTo("romfile-efi");
        assertThat(root.path("constraints").get(0).path("reason").asText()).startsWith("The EFI option ROM");
        for (JsonNode cell : root.path("cells")) {
            if (cell.path("kind").asText().equals("control")) {
                assertThat(cell.path("id").asText()).startsWith("control." + cell.path("host").asText() + ".");
                assertThat(cell.path("axes").size()).isEqualTo(3);
                assertThat(cell.path("expectation").path("guest").asText()).contains("1234:1111");
                continue;
            }
            assertThat(cell.path("kind").asText()).isEqualTo("product");
            assertThat(cell.path("axes").size()).isEqualTo(10);
            assertThat(cell.path("expectation").path("qemu").asText()).isIn("starts", "refuses");
            // §4.1: stock OVMF writes no 0xFC, so the guest has no VBT and no console (§5.3); no GOP either (F9)
            JsonNode display = cell.path("expectation").path("display");
            if (cell.path("axes").path("firmware").asText().equals("ovmf")
                    && !cell.path("axes").path("rom").asText().equals("romfile-efi")) {
                assertThat(display.path("os").asText()).as(cell.toString()).isEqualTo("BLACK");
                assertThat(display.path("preOs").asText()).as(cell.toString()).isEqualTo("BLACK");
            }
            // lab-inventory/twin.yaml: a monitor on snb-01, kbl-01, cfl-01, tgl-01 and adl-01
            assertThat(display.path("judged").asBoolean()).as(cell.toString())
                    .isEqualTo(cell.path("host").asText().matches("snb-01|kbl-01|cfl-01|tgl-01|adl-01"));
            // GMS in bits 15:8 from QEMU gen 8 (§2.5); Sandy Bridge and Haswell use bits 7:3
            if (cell.path("axes").path("x-igd-gms").asText().equals("0x10")
                    && !cell.path("axes").path("generation").asText().matches("sandy-bridge|haswell")
                    && cell.path("expectation").path("qemu").asText().equals("starts")
                    && cell.path("expectation").path("ggc").asText().equals("EXACT")) {
                assertThat(cell.path("expectation").path("ggcValue").asText()).matches("0x10[0-9a-f]{2}");
            }
        }
    }

    static final String[] NIGHTLY_ON_TWIN = {"plan", "--suite", "../scenarios/suites/nightly.yaml",
        "--inventory", "../lab-inventory/twin.yaml", "--artifacts", "../lab-inventory/artifacts.yaml",
        "--expectations", "../scenarios/expectations.yaml"};

    static String[] with(String[] base, String... more) {
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return args;
    }

    @Test
    void estimatePrintsEachHostsCellsRebootsAndWorkThenTheMakespanAgainstItsBound() {
        // 24 cells and 2 control cells (nightly.yaml's control: block) per host; coffee lake shares its 24 over two hosts
        Run r = run(with(NIGHTLY_ON_TWIN, "--estimate"));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("suite nightly: 210 cells on 9 hosts, 0 skipped; cell 2m00s, reboot 3m00s")
                .containsPattern("snb-01 +26 +0 +52m00s")
                .containsPattern("cfl-01 +14 +0 +28m00s")
                .contains("makespan     52m00s")
                .contains("lower bound  52m00s  (generation sandy-bridge's share (its work ÷ its 1 host(s)))")
                .contains("ratio        1.000");
    }

    @Test
    void estimateFromAnEarlierRunUsesItsMeasuredCellTimes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path results = java.nio.file.Files.createDirectories(tmp.resolve("run/allure-results"));
        java.nio.file.Files.writeString(results.resolve("a-result.json"), """
                {"fullName": "nightly.sandy-bridge.pc.seabios.legacy.opregion-on", "status": "passed",
                 "start": 1000, "stop": 3601000, "labels": [{"name": "suite", "value": "nightly"}]}
                """);
        Run r = run(with(NIGHTLY_ON_TWIN, "--estimate", "--from-run", tmp.resolve("run").toString()));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 cells measured in").containsPattern("snb-01 +26 +0 +1h50m00s");
    }

    @Test
    void aShardPrintsItsHostsAndOnlyTheirCells() {
        Run r = run(with(NIGHTLY_ON_TWIN, "--shard", "1/8", "--format", "json"));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"shard\" : \"1/8\"").contains("\"cellCount\" : 28");
    }

    @Test
    void aBadShardIsAUsageErrorNamingTheExpectedForm() {
        Run r = run(with(NIGHTLY_ON_TWIN, "--shard", "5/4"));

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--shard 5/4: expected K/N with 1 ≤ K ≤ N, e.g. 1/4");
    }

    static final String[] GUESTS = {"plan", "--suite", "../scenarios/suites/guests.yaml",
        "--inventory", "../lab-inventory/twin.yaml", "--artifacts", "../lab-inventory/artifacts.yaml",
        "--expectations", "../scenarios/expectations.yaml"};

    @Test
    void aWindowsCellShowsItsAdapterExpectationInTextAndJson() throws Exception {
        Run text = run(GUESTS);
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out().lines().filter(l -> l.startsWith("kaby-lake.pc.seabios.legacy.guest-windows ")))
                .singleElement().satisfies(l -> assertThat(l).contains("kbl-01").endsWith("windows adapter code43"));
        assertThat(text.out().lines().filter(l -> l.startsWith("kaby-lake.q35.seabios.legacy.guest-windows ")))
                .singleElement().satisfies(l -> assertThat(l).endsWith("windows adapter ok"));

        String[] args = java.util.Arrays.copyOf(GUESTS, GUESTS.length + 2);
        args[GUESTS.length] = "--format";
        args[GUESTS.length + 1] = "json";
        Run json = run(args);
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode cells = new ObjectMapper().readTree(json.out()).get("cells");
        JsonNode win = null;
        JsonNode linux = null;
        for (JsonNode c : cells) {
            if (c.get("id").asText().equals("kaby-lake.pc.seabios.legacy.guest-windows")) {
                win = c;
            } else if (c.get("id").asText().equals("kaby-lake.pc.seabios.legacy")) {
                linux = c;
            }
        }
        assertThat(win).isNotNull();
        assertThat(win.get("guest").asText()).isEqualTo("windows");
        assertThat(win.get("axes").get("guest").asText()).isEqualTo("windows");
        assertThat(win.get("expectation").get("windows").asText()).isEqualTo("code43");
        assertThat(linux.get("guest").asText()).isEqualTo("linux");
        assertThat(linux.get("expectation").get("guestLog").get("opregion").asText()).isEqualTo("follows-asls");
        assertThat(linux.get("expectation").has("windows")).isFalse();
    }
}
