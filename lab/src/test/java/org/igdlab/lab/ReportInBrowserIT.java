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
 * The HTML report as a person sees it: the 24 coffee-lake cells (cfl-02 has a seeded fault, so
 * some fail) run twice on the twin fleet through {@code lab run}, and headless Chromium opens the
 * second run's single-file report from disk. The DOM after Allure's scripts ran must show the
 * suite, a failed cell with its verdict attachment, the categories and a two-point trend.
 */
class ReportInBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String SUITE = "cfl-browser";

    @TempDir
    static Path tmp;

    private static String secondRun;
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
        Path reports = tmp.resolve("reports");
        lab("run", "--suite", suite.toString(), "--reports", reports.toString(), "--run-id", "first");
        secondRun = lab("run", "--suite", suite.toString(), "--reports", reports.toString(), "--run-id", "second");
        report = reports.resolve("runs/second/allure-report/index.html");
    }

    /** Runs {@code lab}; the seeded fault on cfl-02 makes every run end with failed cells. */
    private static String lab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        String all = out + "\n" + err;
        assertThat(exit).as(all).isEqualTo(1);
        return all;
    }

    @Test
    void theOverviewShowsTheRunTheCategoriesAndATwoPointTrend() throws Exception {
        assertThat(secondRun).contains("history carried from run first");
        String overview = text(dom(report.toUri() + "#"));
        assertThat(overview).as(overview).contains("igdlab " + SUITE + " second")   // the executor's report name
                .contains("Product defect");
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
        String categories = dom(report.toUri() + "#categories");
        assertThat(text(categories)).contains("Product defect").contains("cfl-02");
        Matcher leaf = Pattern.compile("href=\"(#categories/[0-9a-f]+/[0-9a-f]+/)\"").matcher(categories);
        assertThat(leaf.find()).as("a failed cell in the categories tree").isTrue();

        String cell = text(dom(report.toUri() + leaf.group(1)));
        assertThat(cell).as(cell).contains("coffee-lake").contains("cfl-02").contains("Categories: Product defect")
                .contains("collect logs").contains("verdict").contains("expected 0xFC");
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
