package org.igdlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a person sees it. The 24 coffee-lake cells run twice on the twin fleet
 * through {@code lab run}: first on a copy of the twin inventory without cfl-02's seeded fault
 * (everything passes), then on the twin as it is (cfl-02's SeaBIOS cells fail). {@code lab report
 * --baseline first} then re-reports the second run with a known issue that explains cfl-02's q35
 * failures, and headless Chromium opens the single-file report from disk. The DOM after Allure's
 * scripts ran must show the suite, a failed cell with its verdict attachment, the categories
 * (product defect and known issue) and a two-point trend; the bug log names the regressions.
 */
class ReportInBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String SUITE = "cfl-browser";

    @TempDir
    static Path tmp;

    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();

    private static String secondRun;
    private static String reported;
    private static Path report;

    @BeforeAll
    static void runTheCoffeeLakeCellsTwice() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM
                + " (apt-get install -y chromium chromium-driver): the report is not checked in a browser");
        Path suite = tmp.resolve(SUITE + ".yaml");
        Files.writeString(suite, """
                version: 1
                suite: %s
                description: every coffee-lake cell, for the report-in-a-browser test
                coverage: full
                guest: linux
                axes:
                  generation: [coffee-lake]
                  machine: [pc, q35]
                  firmware: [seabios, ovmf]
                  mode: [legacy, upt]
                  x-igd-opregion: ["on", "off", default]
                """.formatted(SUITE));
        String twin = Files.readString(HOME.resolve("lab-inventory/twin.yaml"));
        String seeded = ",\n           faults: [firmware-never-writes-asls]}";
        assertThat(twin).as("the twin's seeded fault on cfl-02").contains(seeded);
        Path healthy = tmp.resolve("twin-without-faults.yaml");
        Files.writeString(healthy, twin.replace(seeded, "}"));
        Path known = tmp.resolve("known-issues.yaml");
        Files.writeString(known, """
                version: 1
                issues:
                  - id: CFL02-Q35
                    url: https://example.org/bugs/cfl02-q35
                    title: cfl-02 q35 firmware leaves ASLS zero
                    match:
                      axes: {machine: q35, host: cfl-02}
                      message: 'observed 0x00000000'
                """);

        Path reports = tmp.resolve("reports");
        lab(0, "run", "--inventory", healthy.toString(), "--artifacts", HOME.resolve("lab-inventory/artifacts.yaml").toString(),
                "--suite", suite.toString(), "--reports", reports.toString(), "--run-id", "first");
        secondRun = lab(1, "run", "--suite", suite.toString(), "--reports", reports.toString(), "--run-id", "second");
        reported = lab(0, "report", "--known-issues", known.toString(), "--baseline", "first",
                reports.resolve("runs/second").toString());
        report = reports.resolve("runs/second/allure-report/index.html");
    }

    private static String lab(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        String all = out + "\n" + err;
        assertThat(exit).as(all).isEqualTo(expectedExit);
        return all;
    }

    @Test
    void theBugLogNamesTheRegressionsWithTheirHostAndTheKnownIssue() {
        assertThat(reported).as(reported).contains("Changes from first to second")
                .contains("Possible regressions (3):")
                .contains("coffee-lake.pc.seabios.legacy.opregion-off on cfl-02: passed")
                .contains("Known issues hit (2):").contains("(known issue CFL02-Q35)")
                .contains("Hosts that took part (2):");
        assertThat(reported).doesNotContain("coffee-lake.q35.seabios.upt.opregion-on on cfl-02: passed -> failed");
    }

    @Test
    void theOverviewShowsTheRunTheCategoriesAndATwoPointTrend() throws Exception {
        assertThat(secondRun).contains("history carried from run first");
        String overview = text(dom(report.toUri() + "#"));
        assertThat(overview).as(overview).contains("igdlab " + SUITE + " second")   // the executor's report name
                .contains("Product defect").contains("Known issue");
        String trend = widget(dom(report.toUri() + "#"), "history-trend");
        assertThat(text(trend)).as("trend widget: one point per run, by build order").contains("#1").contains("#2")
                .doesNotContain("#3");
    }

    @Test
    void theSuitesPageShowsTheSuite() throws Exception {
        assertThat(text(dom(report.toUri() + "#suites"))).contains(SUITE).contains("coffee-lake");
    }

    @Test
    void aFailedCellShowsItsStepsAndItsVerdictAttachmentUnderProductDefect() throws Exception {
        String cell = text(dom(report.toUri() + leafUnder("Product defect")));
        assertThat(cell).as("the page of a product defect").contains("coffee-lake").contains("cfl-02")
                .contains("Categories: Product defect").contains("collect logs").contains("verdict").contains("expected 0xFC");
    }

    @Test
    void aKnownCellIsUnderKnownIssueWithItsLink() throws Exception {
        String cell = text(dom(report.toUri() + leafUnder("Known issue")));
        assertThat(cell).as("the page of a known issue").contains("KNOWN ISSUE CFL02-Q35").contains("Categories: Known issue")
                .contains("Links CFL02-Q35").contains("q35").contains("verdict");
    }

    /** The address of the first cell listed under {@code category} on the categories page. */
    private static String leafUnder(String category) throws Exception {
        String categories = dom(report.toUri() + "#categories");
        int at = categories.indexOf(category);
        assertThat(at).as("category " + category + " on the categories page").isNotNegative();
        Matcher leaf = Pattern.compile("href=\"(#categories/[0-9a-f]+/[0-9a-f]+/)\"").matcher(categories);
        assertThat(leaf.find(at)).as("a cell under " + category).isTrue();
        return leaf.group(1);
    }

    // --- the browser ---

    /** The DOM of {@code url} after its scripts ran, as headless Chromium dumps it. */
    private static String dom(String url) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        List<String> argv = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=15000",
                "--window-size=1400,1000", "--dump-dom", url);
        Path output = Files.createTempFile(tmp, "dom", ".html");
        Path log = Files.createTempFile(tmp, "chromium", ".log");
        Process p = new ProcessBuilder(argv).redirectOutput(output.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + Files.readString(log));
        }
        String dom = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(dom).as("chromium exited " + p.exitValue() + ": " + Files.readString(log)).contains("</html>");
        return dom;
    }

    /** The visible text: no scripts (the single file embeds its data in them), no tags. */
    private static String text(String html) {
        return html.replaceAll("(?s)<script.*?</script>", " ").replaceAll("<[^>]+>", " ").replace("&nbsp;", " ")
                .replaceAll("\\s+", " ");
    }

    /** The HTML of the overview widget {@code id}, up to the next widget. */
    private static String widget(String html, String id) {
        int start = html.indexOf("data-id=\"" + id + "\"");
        assertThat(start).as("widget " + id + " in the overview").isNotNegative();
        int end = html.indexOf("data-id=\"", start + 10);
        return html.substring(start, end < 0 ? html.length() : end);
    }
}
