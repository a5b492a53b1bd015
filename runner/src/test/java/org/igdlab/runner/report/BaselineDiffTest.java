package org.igdlab.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.igdlab.runner.report.BaselineDiff.Change;
import org.igdlab.runner.report.RegressionConfirmation.Confirmation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two synthetic runs: last night's baseline and tonight's, read from their allure-results. */
class BaselineDiffTest {

    private static final String ASLS = "expected 0xFC: firmware-allocated; observed 0x00000000";

    @TempDir
    Path reports;

    private Path baseline;
    private Path tonight;

    @BeforeEach
    void twoRuns() throws Exception {
        baseline = reports.resolve("runs/base");
        new SyntheticResults(baseline, "nightly", 1_000)
                .cell("coffee-lake", "pc", "seabios", "legacy", "cfl-02", "passed", null)      // regresses on cfl-02 only
                .cell("coffee-lake", "q35", "seabios", "legacy", "cfl-01", "passed", null)     // regresses on both cfl hosts
                .cell("kaby-lake", "pc", "seabios", "legacy", "kbl-01", "passed", null)        // regresses, only kaby host
                .cell("haswell", "pc", "seabios", "legacy", "hsw-01", "passed", null)          // regresses, other haswell passes it
                .cell("sandy-bridge", "pc", "seabios", "legacy", "snb-01", "failed", "old")    // fixed
                .cell("sandy-bridge", "q35", "seabios", "legacy", "snb-01", "failed", "still") // still failing
                .cell("ice-lake", "pc", "ovmf", "upt", "icl-01", "passed", null)               // broken tonight
                .cell("tiger-lake", "pc", "ovmf", "upt", "tgl-01", "passed", null);            // host absent tonight
        tonight = reports.resolve("runs/tonight");
        new SyntheticResults(tonight, "nightly", 100_000)
                .cell("coffee-lake", "pc", "seabios", "legacy", "cfl-02", "failed", ASLS)
                .cell("coffee-lake", "pc", "ovmf", "legacy", "cfl-01", "passed", null)
                .cell("coffee-lake", "q35", "seabios", "legacy", "cfl-01", "failed", ASLS)
                .cell("coffee-lake", "q35", "seabios", "legacy", "cfl-02", "failed", ASLS)
                .cell("kaby-lake", "pc", "seabios", "legacy", "kbl-01", "failed", "expected 0x5C: host value")
                .cell("haswell", "pc", "seabios", "legacy", "hsw-01", "failed", "expected 0x50")
                .cell("haswell", "pc", "seabios", "legacy", "hsw-02", "passed", null)
                .cell("sandy-bridge", "pc", "seabios", "legacy", "snb-01", "passed", null)
                .cell("sandy-bridge", "q35", "seabios", "legacy", "snb-01", "failed", "still")
                .cell("ice-lake", "pc", "ovmf", "upt", "icl-01", "broken", "host=icl-01 step='connect': refused")
                .cell("alder-lake", "pc", "ovmf", "upt", "adl-01", "failed", "IGD device 0000:00:02.0 cannot support legacy mode");
        KnownIssues known = new KnownIssues(List.of(new KnownIssue("LP1882784", "https://bugs.launchpad.net/qemu/+bug/1882784",
                "QEMU 5.0.x legacy IGD", Map.of(), Optional.of(Pattern.compile("cannot support legacy mode")))));
        new RunReport(Map.of()).prepare("tonight", "nightly", tonight, tonight.resolve("allure-results"), known, Instant.EPOCH);
    }

    private static Change only(List<Change> changes, String cellId) {
        List<Change> hits = changes.stream().filter(c -> c.cellId().equals(cellId)).toList();
        assertThat(hits).as(cellId).hasSize(1);
        return hits.get(0);
    }

    @Test
    void sortsEveryCellIntoRegressionsFixesStillFailingNewKnownAndBroken() throws Exception {
        BaselineDiff diff = BaselineDiff.between(baseline, tonight);

        assertThat(diff.regressions()).extracting(Change::cellId).containsExactlyInAnyOrder("coffee-lake.pc.seabios.legacy",
                "coffee-lake.q35.seabios.legacy", "kaby-lake.pc.seabios.legacy", "haswell.pc.seabios.legacy");
        assertThat(diff.fixes()).extracting(Change::cellId).containsExactly("sandy-bridge.pc.seabios.legacy");
        assertThat(diff.stillFailing()).extracting(Change::cellId).containsExactly("sandy-bridge.q35.seabios.legacy");
        assertThat(diff.newCells()).extracting(Change::cellId).containsExactlyInAnyOrder("coffee-lake.pc.ovmf.legacy",
                "alder-lake.pc.ovmf.upt");
        assertThat(diff.known()).extracting(Change::cellId).containsExactly("alder-lake.pc.ovmf.upt");
        assertThat(only(diff.known(), "alder-lake.pc.ovmf.upt").knownIssue()).contains("LP1882784");
        assertThat(diff.broken()).extracting(Change::host).containsExactly("icl-01");
        assertThat(diff.absentHosts()).containsExactly("tgl-01");
        assertThat(diff.hosts()).extracting(BaselineDiff.HostLine::host)
                .containsExactly("adl-01", "cfl-01", "cfl-02", "hsw-01", "hsw-02", "icl-01", "kbl-01", "snb-01");
    }

    @Test
    void aRegressionIsConfirmedOnlyBySecondHostOfItsGenerationWhenTheRunHadOne() throws Exception {
        BaselineDiff diff = BaselineDiff.between(baseline, tonight);

        assertThat(only(diff.regressions(), "coffee-lake.q35.seabios.legacy").confirmation()).contains(Confirmation.CONFIRMED);
        Change cfl02Only = only(diff.regressions(), "coffee-lake.pc.seabios.legacy");
        assertThat(cfl02Only.confirmation()).contains(Confirmation.UNCONFIRMED);
        assertThat(cfl02Only.note()).contains("cfl-01");
        assertThat(only(diff.regressions(), "kaby-lake.pc.seabios.legacy").confirmation()).contains(Confirmation.SINGLE_HOST);
        Change haswell = only(diff.regressions(), "haswell.pc.seabios.legacy");
        assertThat(haswell.confirmation()).contains(Confirmation.NOT_REPRODUCED);
        assertThat(haswell.note()).contains("passed on hsw-02");
    }

    @Test
    void aKnownFailureIsNeverARegressionAndAnUnexplainedOneIsNeverHidden() throws Exception {
        BaselineDiff diff = BaselineDiff.between(baseline, tonight);
        assertThat(diff.regressions()).extracting(Change::now).containsOnly("failed");
        assertThat(diff.regressions()).extracting(Change::cellId).doesNotContain("alder-lake.pc.ovmf.upt");
    }

    @Test
    void writesTheBugLogAsTextMarkdownAndJson() throws Exception {
        BaselineDiff diff = RunReport.diff(baseline, tonight);

        assertThat(diff.text()).startsWith("Changes from base to tonight\n").contains("Possible regressions (4):")
                .contains("coffee-lake.pc.seabios.legacy on cfl-02: passed -> failed  [unconfirmed]")
                .contains("Fixes (1):").contains("Still failing (1):").contains("New cells (2):")
                .contains("Known issues hit (1):").contains("(known issue LP1882784)")
                .contains("Lab faults (broken), per host (1):").contains("icl-01: 1 cell(s)")
                .contains("Hosts that took part (8):").contains("in the baseline but not in this run: tgl-01")
                .contains(ASLS);
        String md = Files.readString(tonight.resolve("diff.md"));
        assertThat(md).startsWith("# Changes from base to tonight").contains("## Possible regressions (4)")
                .contains("- `coffee-lake.q35.seabios.legacy` on cfl-01: passed -> failed — **confirmed**")
                .contains("| cfl-02 | coffee-lake | 0 | 2 | 0 | 0 | 0 |");
        JsonNode json = new ObjectMapper().readTree(tonight.resolve("diff.json").toFile());
        assertThat(json.get("baseline").asText()).isEqualTo("base");
        assertThat(json.get("regressions")).hasSize(4);
        assertThat(json.get("knownIssues").get(0).get("knownIssue").asText()).isEqualTo("LP1882784");
        JsonNode confirmed = json.get("regressions").findParents("cell").stream()
                .filter(n -> n.get("cell").asText().equals("coffee-lake.q35.seabios.legacy")).findFirst().orElseThrow();
        assertThat(confirmed.get("confirmed").asBoolean()).isTrue();
        assertThat(json.get("absentHosts").get(0).asText()).isEqualTo("tgl-01");
    }
}
