package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel axis, sharding and merging through the real {@code lab} command on the twin fleet: a
 * host boots each non-default kernel once, as a step of the first cell that needs it; two shards
 * run disjoint halves that {@code lab report --merge} joins into the whole run.
 */
class ScheduleOnTwinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    private static final String REBOOT_STEP = "reboot into kernel 6.12.9-igdlab";

    @TempDir
    Path tmp;

    private record Run(int exit, String output) {
    }

    private static Run lab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out + "\n" + err);
    }

    private static List<JsonNode> results(Path runDir) throws Exception {
        List<JsonNode> cells = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir.resolve("allure-results"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList()) {
                cells.add(JSON.readTree(f.toFile()));
            }
        }
        return cells;
    }

    private static String parameter(JsonNode cell, String name) {
        for (JsonNode p : cell.path("parameters")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("value").asText();
            }
        }
        return "default";
    }

    private static boolean hasStep(JsonNode cell, String name) {
        for (JsonNode step : cell.path("steps")) {
            if (step.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void eachHostBootsTheOtherKernelOnceAndItsCellsRunOnIt() throws Exception {
        Path suite = tmp.resolve("kernels.yaml");
        Files.writeString(suite, """
                version: 1
                suite: kernels
                description: two UPT cells per host on its default kernel and two on 6.12.9-igdlab
                coverage: full
                guest: linux
                axes:
                  generation: [kaby-lake, coffee-lake]
                  machine: [q35]
                  firmware: [ovmf]
                  mode: [upt]
                  x-igd-opregion: ["on", "off"]
                  kernel: [default, 6.12.9-igdlab]
                """);
        Run run = lab("run", "--suite", suite.toString(), "--reports", tmp.resolve("reports").toString(),
                "--run-id", "kernels", "--no-html");

        List<JsonNode> cells = results(tmp.resolve("reports/runs/kernels"));
        assertThat(cells).as(run.output()).hasSize(8);
        assertThat(cells).as(run.output()).extracting(c -> c.path("status").asText()).doesNotContain("broken");
        Set<String> hostsOnOtherKernel = new LinkedHashSet<>();
        int reboots = 0;
        for (JsonNode c : cells) {
            boolean other = parameter(c, "kernel").equals("6.12.9-igdlab");
            if (other) {
                hostsOnOtherKernel.add(parameter(c, "host"));
            }
            if (hasStep(c, REBOOT_STEP)) {
                reboots++;
                assertThat(other).as("a reboot into 6.12.9 only for a cell that needs it").isTrue();
            }
        }
        assertThat(reboots).as("one reboot per host that runs 6.12.9 cells " + hostsOnOtherKernel)
                .isEqualTo(hostsOnOtherKernel.size());
    }

    @Test
    void twoShardsRunDisjointHalvesThatMergeIntoTheWholeRun() throws Exception {
        Path suite = tmp.resolve("small.yaml");
        Files.writeString(suite, """
                version: 1
                suite: small
                description: one UPT cell per x-igd-opregion setting on three generations
                coverage: full
                guest: linux
                axes:
                  generation: [kaby-lake, coffee-lake, alder-lake]
                  machine: [q35]
                  firmware: [ovmf]
                  mode: [upt]
                  x-igd-opregion: ["on", "off"]
                """);
        Path reports = tmp.resolve("reports");
        Set<String> ids = new LinkedHashSet<>();
        int total = 0;
        for (int k = 1; k <= 2; k++) {
            Run run = lab("run", "--suite", suite.toString(), "--reports", reports.toString(), "--run-id", "shard-" + k,
                    "--no-html", "--shard", k + "/2");
            assertThat(run.output()).contains("suite small shard " + k + "/2");
            for (JsonNode c : results(reports.resolve("runs/shard-" + k))) {
                ids.add(c.path("fullName").asText());
                total++;
            }
        }
        assertThat(total).as("no cell in both shards").isEqualTo(ids.size());
        assertThat(ids).hasSize(6);

        Run merged = lab("report", "--merge", reports.resolve("runs/shard-1").toString(),
                reports.resolve("runs/shard-2").toString(), "--out", reports.resolve("runs/merged").toString(), "--no-html");
        assertThat(merged.exit()).as(merged.output()).isZero();
        assertThat(merged.output()).contains("merged 2 shards of suite small: 6 cells");
        assertThat(results(reports.resolve("runs/merged"))).extracting(c -> c.path("fullName").asText())
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(Files.readString(reports.resolve("runs/merged/run.json"))).contains("\"suite\" : \"small\"");

        Run again = lab("report", "--merge", reports.resolve("runs/shard-1").toString(),
                reports.resolve("runs/shard-1").toString(), "--out", reports.resolve("runs/twice").toString(), "--no-html");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.output()).contains("names").contains("twice");
    }

    @Test
    void aShardWithoutCellsRunsNothingAndSaysSo() throws Exception {
        Path suite = tmp.resolve("one.yaml");
        Files.writeString(suite, """
                version: 1
                suite: one
                description: a single cell, so that shard 2 of 2 has hosts but no cells
                coverage: full
                guest: linux
                axes:
                  generation: [kaby-lake]
                  machine: [q35]
                  firmware: [ovmf]
                  mode: [upt]
                """);
        Path reports = tmp.resolve("reports");
        Run run = lab("run", "--suite", suite.toString(), "--reports", reports.toString(), "--run-id", "empty",
                "--no-html", "--shard", "2/2");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("suite one shard 2/2, 0 cells on 0 hosts (0 skipped)");
        assertThat(results(reports.resolve("runs/empty"))).isEmpty();
    }
}
