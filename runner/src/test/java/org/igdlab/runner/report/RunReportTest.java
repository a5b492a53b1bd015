package org.igdlab.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.igdlab.runner.run.CellOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run directory gets after its cells ran: known-issue tags, categories, executor, run.json, history. */
class RunReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASLS = "expected 0xFC: firmware-allocated; observed 0x00000000";
    private static final KnownIssues CFL02 = new KnownIssues(List.of(new KnownIssue("CFL-ASLS", "https://example.org/bugs/1",
            "ASLS never written on cfl-02", Map.of("host", List.of("cfl-02")), java.util.Optional.of(Pattern.compile("0xFC")))));

    @TempDir
    Path reports;

    private Path run(String id, long start) throws Exception {
        Path dir = reports.resolve("runs").resolve(id);
        new SyntheticResults(dir, "nightly", start)
                .cell("coffee-lake", "pc", "seabios", "legacy", "cfl-02", "failed", ASLS)
                .cell("coffee-lake", "q35", "seabios", "legacy", "cfl-01", "failed", ASLS)
                .cell("kaby-lake", "pc", "seabios", "legacy", "kbl-01", "broken", "host=kbl-01 step='connect': refused")
                .cell("kaby-lake", "q35", "ovmf", "upt", "kbl-01", "passed", null);
        return dir;
    }

    private static JsonNode resultOf(Path runDir, String cellSuffix) throws Exception {
        try (var files = Files.list(runDir.resolve("allure-results"))) {
            for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                JsonNode n = JSON.readTree(f.toFile());
                if (n.get("fullName").asText().endsWith(cellSuffix)) {
                    return n;
                }
            }
        }
        throw new AssertionError("no result " + cellSuffix);
    }

    @Test
    void aFailureAKnownIssueExplainsIsTaggedAndLinkedAndEveryOtherFailureStaysAsItWas() throws Exception {
        Path dir = run("r1", 1_000_000);
        RunReport.Prepared prepared = new RunReport(Map.of()).prepare("r1", "nightly", dir, dir.resolve("allure-results"), CFL02,
                Instant.EPOCH);

        assertThat(prepared.known()).containsOnlyKeys("coffee-lake.pc.seabios.legacy");
        JsonNode known = resultOf(dir, "coffee-lake.pc.seabios.legacy");
        assertThat(known.get("status").asText()).isEqualTo("failed");
        assertThat(known.get("statusDetails").get("message").asText())
                .startsWith("KNOWN ISSUE CFL-ASLS: ASLS never written on cfl-02\n").endsWith(ASLS);
        assertThat(known.get("links").get(0).get("url").asText()).isEqualTo("https://example.org/bugs/1");
        assertThat(resultOf(dir, "coffee-lake.q35.seabios.legacy").get("statusDetails").get("message").asText()).isEqualTo(ASLS);
        assertThat(prepared.record().counts()).containsEntry("known", 1L).containsEntry("failed", 1L)
                .containsEntry("broken", 1L).containsEntry("passed", 1L);
    }

    @Test
    void reportingAgainReTriagesWithoutTaggingTwiceAndUntagsWhatNoEntryExplainsAnyMore() throws Exception {
        Path dir = run("r1", 1_000_000);
        RunReport report = new RunReport(Map.of());
        report.prepare("r1", "nightly", dir, dir.resolve("allure-results"), CFL02, Instant.EPOCH);
        report.prepare("r1", "nightly", dir, dir.resolve("allure-results"), CFL02, Instant.EPOCH);
        JsonNode twice = resultOf(dir, "coffee-lake.pc.seabios.legacy");
        assertThat(twice.get("statusDetails").get("message").asText()).isEqualTo(
                "KNOWN ISSUE CFL-ASLS: ASLS never written on cfl-02\n" + ASLS);
        assertThat(twice.get("links")).hasSize(1);

        report.prepare("r1", "nightly", dir, dir.resolve("allure-results"), KnownIssues.none(), Instant.EPOCH);
        JsonNode untagged = resultOf(dir, "coffee-lake.pc.seabios.legacy");
        assertThat(untagged.get("statusDetails").get("message").asText()).isEqualTo(ASLS);
        assertThat(untagged.get("links")).isEmpty();
        assertThat(untagged.toString()).doesNotContain("known-issue");
    }

    @Test
    void outcomesOfKnownCellsBecomeKnownAndNothingElseChanges() {
        CellOutcome failed = new CellOutcome.Failed("a", "cfl-02", Duration.ZERO, List.of(ASLS));
        CellOutcome other = new CellOutcome.Failed("b", "cfl-01", Duration.ZERO, List.of(ASLS));
        CellOutcome broken = new CellOutcome.Broken("a2", "kbl-01", Duration.ZERO, "s", "m");
        List<CellOutcome> out = RunReport.withKnown(List.of(failed, other, broken), Map.of("a", CFL02.issues().get(0)));
        assertThat(out.get(0)).isEqualTo(new CellOutcome.Known("a", "cfl-02", Duration.ZERO, List.of(ASLS), "CFL-ASLS",
                "https://example.org/bugs/1"));
        assertThat(out.subList(1, 3)).containsExactly(other, broken);
    }

    @Test
    void categoriesSeparateProductDefectsKnownIssuesAndLabFaultsTheWayAllureMatchesThem() throws Exception {
        JsonNode categories = JSON.readTree(AllureMetadata.categories());
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        categories.forEach(c -> byName.put(c.get("name").asText(), c));
        assertThat(byName).containsOnlyKeys("Product defect", "Known issue", "Lab fault");
        String knownMessage = "KNOWN ISSUE CFL-ASLS: title\n" + ASLS;
        // Allure: a result belongs to each category whose statuses include its status and whose regex matches the whole message
        assertThat(matches(byName.get("Product defect"), "failed", ASLS)).isTrue();
        assertThat(matches(byName.get("Product defect"), "failed", knownMessage)).isFalse();
        assertThat(matches(byName.get("Known issue"), "failed", knownMessage)).isTrue();
        assertThat(matches(byName.get("Known issue"), "failed", ASLS)).isFalse();
        assertThat(matches(byName.get("Lab fault"), "broken", "host=kbl-01 step='connect': refused\nmore")).isTrue();
        assertThat(matches(byName.get("Lab fault"), "failed", ASLS)).isFalse();
        assertThat(matches(byName.get("Product defect"), "broken", ASLS)).isFalse();
    }

    private static boolean matches(JsonNode category, String status, String message) {
        boolean statusOk = false;
        for (JsonNode s : category.get("matchedStatuses")) {
            statusOk |= s.asText().equals(status);
        }
        String regex = category.path("messageRegex").asText(null);
        return statusOk && (regex == null || Pattern.compile(regex).matcher(message).matches());
    }

    @Test
    void theExecutorNamesTheRunAndTheCiBuildWhenThereIsOne() throws Exception {
        JsonNode local = JSON.readTree(AllureMetadata.executor("20261121-020000", "nightly", 3, Map.of()));
        assertThat(local.get("name").asText()).isEqualTo("igdlab");
        assertThat(local.get("buildName").asText()).isEqualTo("20261121-020000");
        assertThat(local.get("buildOrder").asLong()).isEqualTo(3);
        assertThat(local.get("reportName").asText()).isEqualTo("igdlab nightly 20261121-020000");
        assertThat(local.has("buildUrl")).isFalse();

        JsonNode gitlab = JSON.readTree(AllureMetadata.executor("r", "nightly", 1,
                Map.of("CI_JOB_URL", "https://gitlab.example.org/lab/-/jobs/42", "BUILD_URL", "https://jenkins.example.org/7")));
        assertThat(gitlab.get("buildUrl").asText()).isEqualTo("https://gitlab.example.org/lab/-/jobs/42");
        assertThat(gitlab.get("type").asText()).isEqualTo("gitlab");
        JsonNode jenkins = JSON.readTree(AllureMetadata.executor("r", "nightly", 1, Map.of("BUILD_URL", "https://jenkins.example.org/7")));
        assertThat(jenkins.get("buildUrl").asText()).isEqualTo("https://jenkins.example.org/7");
        assertThat(jenkins.get("type").asText()).isEqualTo("jenkins");
    }

    @Test
    void theHistoryComesFromTheNewestEarlierRunOfTheSuiteThatKeptOneAndBuildOrderCountsEarlierRuns() throws Exception {
        RunReport report = new RunReport(Map.of());
        Path oldest = run("a-oldest", 1_000_000);
        Path middle = run("z-middle", 2_000_000);
        Path noHistory = run("m-newer-without-history", 3_000_000);
        Path current = run("current", 4_000_000);
        Path later = run("later", 5_000_000);
        Path otherSuite = run("other-suite", 3_500_000);
        for (Path dir : List.of(oldest, middle, noHistory, later)) {
            report.prepare(dir.getFileName().toString(), "nightly", dir, dir.resolve("allure-results"), KnownIssues.none(), Instant.EPOCH);
        }
        report.prepare("other-suite", "coffee-lake-only", otherSuite, otherSuite.resolve("allure-results"), KnownIssues.none(),
                Instant.EPOCH);
        for (Path dir : List.of(oldest, middle, later, otherSuite)) {
            Files.createDirectories(dir.resolve("allure-history"));
            Files.writeString(dir.resolve("allure-history/history-trend.json"), "[\"" + dir.getFileName() + "\"]");
        }

        RunReport.Prepared prepared = report.prepare("current", "nightly", current, current.resolve("allure-results"),
                KnownIssues.none(), Instant.EPOCH);
        assertThat(prepared.previous()).contains(middle);
        assertThat(JSON.readTree(current.resolve("allure-results/executor.json").toFile()).get("buildOrder").asLong()).isEqualTo(4);

        AllureHistory.carryIn(prepared.previous().get(), current.resolve("allure-results"));
        assertThat(current.resolve("allure-results/history/history-trend.json")).hasContent("[\"z-middle\"]");
    }

    @Test
    void runJsonRecordsIdSuiteTimesAndCounts() throws Exception {
        Path dir = run("r1", 1_700_000_000_000L);
        new RunReport(Map.of()).prepare("r1", "nightly", dir, dir.resolve("allure-results"), KnownIssues.none(), Instant.EPOCH);
        RunRecord record = RunRecord.read(dir).orElseThrow();
        assertThat(record.id()).isEqualTo("r1");
        assertThat(record.suite()).isEqualTo("nightly");
        assertThat(record.start()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(record.end()).isEqualTo(Instant.ofEpochMilli(1_700_000_004_000L));
        assertThat(record.counts()).containsEntry("failed", 2L).containsEntry("known", 0L);
    }

    @Test
    void anAttemptThatARetryReplacedIsNotCountedAsACellInRunJson() throws Exception {
        Path dir = reports.resolve("runs").resolve("retried");
        new SyntheticResults(dir, "nightly", 1_000_000)
                .cell("haswell", "q35", "ovmf", "upt", "hsw-01", "broken", "host=hsw-01 step='launch QEMU': EOF")
                .cell("haswell", "q35", "ovmf", "upt", "hsw-02", "passed", null);
        try (var files = Files.list(dir.resolve("allure-results"))) {
            for (Path f : files.toList()) {
                com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(f.toFile());
                if (n.get("status").asText().equals("broken")) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) n.get("labels")).addObject()
                            .put("name", RunReport.RETRIED_LABEL).put("value", "true");
                    JSON.writeValue(f.toFile(), n);
                }
            }
        }

        RunReport.Prepared prepared = new RunReport(Map.of()).prepare("retried", "nightly", dir, dir.resolve("allure-results"),
                new KnownIssues(List.of()), Instant.EPOCH);

        assertThat(prepared.record().counts()).containsEntry("passed", 1L).containsEntry("broken", 0L);
    }
}
