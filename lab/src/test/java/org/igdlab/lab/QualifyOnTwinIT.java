package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab qualify} on the embedded twin, through the real command line. The baseline runs the
 * default QEMU 10.1.2 on a small suite (UPT under stock OVMF on Kaby Lake and Coffee Lake, pc and
 * q35: four cells, all green, the Coffee Lake ones on cfl-01 and cfl-02 in turn).
 *
 * <p>The regressing candidate is QEMU 10.0.3: per igd-model.md §7.2 band C emulates ASLS only with
 * {@code x-igd-opregion=on} or legacy mode, so for UPT at 00:05.0 the guest reads the host's ASLS
 * (HOST) where 10.1 gives the emulated 0 that stock OVMF leaves alone (§7.1), and the OpRegion line
 * is not printed. Every cell regresses: Kaby Lake has no second host (unconfirmed, but blocking),
 * each Coffee Lake cell is re-run on the other Coffee Lake host and fails there too (confirmed).
 * A candidate equal to the baseline's build qualifies.
 */
class QualifyOnTwinIT {

    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path suite;
    private static Path reports;
    private static Result regressed;
    private static Result same;

    private record Result(int exit, String output) {
    }

    @BeforeAll
    static void baselineThenTwoCandidates() throws Exception {
        suite = tmp.resolve("qualify-small.yaml");
        Files.writeString(suite, """
                version: 1
                suite: qualify-small
                description: UPT under stock OVMF on kaby-lake and coffee-lake, for the qualify test
                coverage: full
                guest: linux
                axes:
                  generation: [kaby-lake, coffee-lake]
                  machine: [pc, q35]
                  firmware: [ovmf]
                  mode: [upt]
                """);
        reports = tmp.resolve("reports");
        Result baseline = lab("run", "--suite", suite.toString(), "--reports", reports.toString(), "--run-id", "base",
                "--no-html");
        assertThat(baseline.exit()).as(baseline.output()).isZero();
        regressed = lab("qualify", "--suite", suite.toString(), "--candidate", "qemu=qemu-10.0.3", "--baseline", "base",
                "--reports", reports.toString(), "--run-id", "cand-10-0", "--no-html");
        same = lab("qualify", "--suite", suite.toString(), "--candidate", "qemu=qemu-10.1.2", "--baseline", "base",
                "--reports", reports.toString(), "--run-id", "cand-10-1");
    }

    private static Result lab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out + "\n" + err);
    }

    @Test
    void aRegressingQemuIsNotQualifiedAndEachRegressionIsNamedWithItsHostAndRegister() {
        assertThat(regressed.exit()).as(regressed.output()).isEqualTo(1);
        assertThat(regressed.output()).as(regressed.output())
                .contains("Verdict: NOT QUALIFIED: 4 regression(s)")
                .contains("kaby-lake.pc.ovmf.upt on kbl-01: passed -> failed")
                .contains("kaby-lake.q35.ovmf.upt on kbl-01: passed -> failed")
                .contains("coffee-lake.pc.ovmf.upt on cfl-01: passed -> failed")
                .contains("coffee-lake.q35.ovmf.upt on cfl-02: passed -> failed");
        // band C on UPT: no OpRegion line, and the guest reads the host's ASLS (twin.yaml kbl-01 asls 0x7a6f1018)
        String summary = regressed.output().substring(regressed.output().indexOf("Release qualification of"));
        assertThat(summary).as(summary)
                .containsPattern("kaby-lake.pc.ovmf.upt on kbl-01: passed -> failed\n.*OpRegion detected on Intel display 5917"
                        + "[^\n]*\n +expected 0xFC: 0 \\(emulated, never written\\); observed 0x7a6f1018");
    }

    @Test
    void aRegressionIsConfirmedOnTheOtherHostOfItsGenerationOrSaysThereIsNone() {
        assertThat(regressed.output()).as(regressed.output())
                .contains("Confirming coffee-lake.pc.ovmf.upt on cfl-02 (coffee-lake)")
                .contains("Confirming coffee-lake.q35.ovmf.upt on cfl-01 (coffee-lake)")
                .contains("confirmed: also failed on cfl-02")
                .contains("confirmed: also failed on cfl-01")
                .contains("unconfirmed: no second host of kaby-lake")
                .doesNotContain("Confirming kaby-lake");
        assertThat(regressed.output()).contains("coffee-lake.pc.ovmf.upt on cfl-02: failed (confirm/runs/confirm-1-cfl-02)");
        assertThat(reports.resolve("runs/cand-10-0/confirm/runs/confirm-1-cfl-02/allure-results")).isDirectory();
    }

    @Test
    void theCandidateEqualToTheBaselinesBuildQualifies() {
        assertThat(same.exit()).as(same.output()).isZero();
        assertThat(same.output()).contains("Verdict: QUALIFIED").doesNotContain("Confirming");
    }

    @Test
    void everyInputIsPinnedWithItsSha256InQualificationJson() throws Exception {
        JsonNode q = JSON.readTree(reports.resolve("runs/cand-10-0/qualification.json").toFile());
        assertThat(q.path("verdict").asText()).isEqualTo("not-qualified");
        assertThat(q.path("baseline").asText()).isEqualTo("base");
        assertThat(q.path("inputs").path("suite").path("sha256").asText()).isEqualTo(sha256(suite));
        assertThat(q.path("inputs").path("expectations").path("sha256").asText())
                .isEqualTo(sha256(HOME.resolve("scenarios/expectations.yaml")));
        assertThat(q.path("inputs").path("inventory").path("sha256").asText())
                .isEqualTo(sha256(HOME.resolve("lab-inventory/twin.yaml")));
        JsonNode candidate = q.path("candidates").get(0);
        assertThat(candidate.path("artifact").asText()).isEqualTo("qemu-10.0.3");
        assertThat(candidate.path("hosts").path("cfl-02").asText()).isEqualTo("/usr/local/qemu-10.0.3/bin/qemu-system-x86_64");
        assertThat(q.path("regressions")).hasSize(4);
        assertThat(Files.readString(reports.resolve("runs/cand-10-0/qualification.md")))
                .startsWith("# Release qualification: NOT QUALIFIED: 4 regression(s)")
                .contains("- `coffee-lake.q35.ovmf.upt` on cfl-02: passed -> failed\n")
                .contains("  - expected 0xFC: 0 (emulated, never written); observed 0x8a3a5018")
                .contains("  - confirmed: also failed on cfl-01\n")
                .contains("| candidate qemu | qemu-10.0.3 10.0.3 on 11 host(s) | none in artifacts.yaml |");
    }

    @Test
    void theCellsRanOnTheCandidateBuild() throws Exception {
        try (Stream<Path> files = Files.walk(reports.resolve("runs/cand-10-0/allure-results"))) {
            List<String> commandLines = files.filter(p -> p.getFileName().toString().endsWith("-attachment.txt"))
                    .map(QualifyOnTwinIT::read).filter(t -> t.contains("vfio-pci,host=")).toList();
            // the "QEMU command line" and qemu.args attachments of each cell
            assertThat(commandLines).isNotEmpty()
                    .allMatch(t -> t.replaceFirst("^'", "").startsWith("/usr/local/qemu-10.0.3/bin/qemu-system-x86_64"));
            assertThat(commandLines.stream().map(t -> t.replaceAll("(?s).*-name'?\\s+'?igdlab-([a-z0-9.-]+).*", "$1")).distinct())
                    .containsExactlyInAnyOrder("kaby-lake.pc.ovmf.upt", "kaby-lake.q35.ovmf.upt", "coffee-lake.pc.ovmf.upt",
                            "coffee-lake.q35.ovmf.upt");
        }
    }

    @Test
    void theAllureResultsCarryTheQualificationAsATestOfItsOwnAndTheReportIsGenerated() throws Exception {
        JsonNode verdict = verdictResult(reports.resolve("runs/cand-10-0/allure-results"));
        assertThat(verdict.path("status").asText()).isEqualTo("failed");
        assertThat(verdict.path("name").asText()).isEqualTo("release qualification: NOT QUALIFIED: 4 regression(s)");
        assertThat(verdict.path("statusDetails").path("message").asText()).contains("coffee-lake.q35.ovmf.upt on cfl-02");
        assertThat(verdict.path("attachments")).extracting(a -> a.path("name").asText())
                .containsExactly("qualification.md", "qualification.json", "diff.md");
        assertThat(Files.readString(reports.resolve("runs/cand-10-0/allure-results/environment.properties")))
                .contains("qualification.candidate.qemu=qemu-10.0.3").contains("qualification.input.suite=qualify-small.yaml sha256:");

        assertThat(verdictResult(reports.resolve("runs/cand-10-1/allure-results")).path("status").asText()).isEqualTo("passed");
        assertThat(reports.resolve("runs/cand-10-1/allure-report/index.html")).isRegularFile();
        JsonNode record = JSON.readTree(reports.resolve("runs/cand-10-1/run.json").toFile());
        assertThat(record.path("counts").path("passed").asLong()).as("the verdict is not counted as a cell").isEqualTo(4);
    }

    private static JsonNode verdictResult(Path results) throws Exception {
        try (Stream<Path> files = Files.list(results)) {
            List<JsonNode> verdicts = files.filter(p -> p.getFileName().toString().endsWith("-result.json"))
                    .map(p -> readJson(p)).filter(n -> {
                        for (JsonNode l : n.path("labels")) {
                            if (l.path("name").asText().equals("igdlab-run-verdict")) {
                                return true;
                            }
                        }
                        return false;
                    }).toList();
            assertThat(verdicts).hasSize(1);
            return verdicts.get(0);
        }
    }

    @Test
    void anUnknownCandidateOrOneAHostLacksIsBadInputNamingWhatIsAllowed() {
        Result unknown = lab("qualify", "--suite", suite.toString(), "--candidate", "qemu=qemu-11.0.0", "--baseline", "base",
                "--reports", reports.toString(), "--no-html");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("no qemu artifact 'qemu-11.0.0'").contains("[qemu-10.1.2, qemu-10.2.0, qemu-10.0.3, qemu-9.2.4, qemu-8.2.7, qemu-5.0.1]");
        // of the twin fleet only snb-01 has qemu-5.0.1 installed
        Result missing = lab("qualify", "--suite", suite.toString(), "--candidate", "qemu=qemu-5.0.1", "--baseline", "base",
                "--reports", reports.toString(), "--no-html");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.output()).contains("kbl-01 lacks qemu-5.0.1").contains("cfl-01 lacks qemu-5.0.1");
        Result noBaseline = lab("qualify", "--suite", suite.toString(), "--candidate", "qemu=qemu-10.2.0", "--baseline", "nope",
                "--reports", reports.toString(), "--no-html");
        assertThat(noBaseline.exit()).isEqualTo(2);
        assertThat(noBaseline.output()).contains("--baseline nope: no run nope under");
    }

    private static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
