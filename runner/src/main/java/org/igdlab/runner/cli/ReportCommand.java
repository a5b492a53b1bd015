package org.igdlab.runner.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.igdlab.runner.report.BaselineDiff;
import org.igdlab.runner.report.KnownIssues;
import org.igdlab.runner.report.RunReport;
import org.igdlab.runner.report.ShardMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab report}: (re)generate a run's report, and compare it with a baseline. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Report a run (again), merge shards, or diff against a baseline.",
            "",
            "Reports a run from its allure-results (lab run does this at its end):",
            "tag the failures scenarios/known-issues.yaml explains (again, so an edited",
            "file re-triages the run), write categories, executor and run.json, and",
            "generate the Allure HTML report with the trend of the suite's previous run.",
            "With --baseline, also write diff.md and diff.json into the run directory and",
            "print the changes: possible regressions, fixes, still failing, new cells,",
            "known issues hit, lab faults per host, and the hosts that took part.",
            "With --merge, first join the run directories of a sharded run (lab run",
            "--shard K/N, one per CI job) into one run directory (--out), refusing",
            "shards of different suites or a cell in two shards, then report that."},
        footer = {"", "Examples:", "  lab report", "  lab report --baseline 20261120-020000 reports/runs/20261121-020000",
            "  lab report --merge shard-1 shard-2 shard-3 --out reports/runs/nightly-merged"})
final class ReportCommand implements Callable<Integer> {

    private static final DateTimeFormatter MERGED_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_DIR",
            description = "The run's directory, reports/runs/<run-id> (default: reports/latest).")
    Path runDir;

    @Option(names = "--baseline", paramLabel = "RUN_ID|DIR",
            description = "The run to compare with: a run id under the same runs/ directory, or a run directory.")
    String baseline;

    @Option(names = "--known-issues", paramLabel = "FILE",
            description = "Known issues (default: scenarios/known-issues.yaml).")
    Path knownIssues;

    @Option(names = "--no-html", description = "Do not generate the HTML report.")
    boolean noHtml;

    @Option(names = "--merge", arity = "2..*", paramLabel = "RUN_DIR",
            description = "Run directories of the shards of one run to join (their allure-results and junit).")
    List<Path> merge;

    @Option(names = "--out", paramLabel = "DIR",
            description = "With --merge: the merged run directory (default: reports/runs/merged-<UTC time>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        LabPaths paths = LabPaths.fromSystem();
        if (out != null && merge == null) {
            throw new IllegalArgumentException("--out names where --merge writes; give --merge RUN_DIR RUN_DIR...");
        }
        if (merge != null && runDir != null) {
            throw new IllegalArgumentException("give either RUN_DIR or --merge RUN_DIR RUN_DIR..., not both");
        }
        Path given = runDir != null ? runDir : paths.resolve("reports/latest");
        if (merge != null) {
            given = out != null ? out : paths.resolve("reports/runs/merged-" + MERGED_ID.format(Instant.now()));
            ShardMerge.Merged merged = ShardMerge.merge(merge, given);
            spec.commandLine().getOut().printf("merged %d shards of suite %s: %d cells into %s%n", merged.shards().size(),
                    merged.suite(), merged.cells(), given.toAbsolutePath());
        }
        if (!Files.isDirectory(given.resolve("allure-results"))) {
            throw new IllegalArgumentException(given + " has no allure-results; name a run directory under reports/runs/");
        }
        Path dir = given.toRealPath();   // reports/latest is a link; earlier runs are found beside the real directory
        Path results = dir.resolve("allure-results");
        Optional<Path> baselineDir = baseline == null ? Optional.empty() : Optional.of(baselineDir(dir, baseline));
        Optional<Path> allure = noHtml ? Optional.empty() : paths.allureHome();
        if (!noHtml && allure.isEmpty()) {
            throw new IllegalArgumentException("the Allure command line is not unpacked (lab/target/allure); build with"
                    + " `mvn -B -q -DskipTests package`, or pass --no-html");
        }
        KnownIssues known = KnownIssues.loadIfPresent(knownIssues != null ? knownIssues : paths.resolve("scenarios/known-issues.yaml"));
        RunReport report = new RunReport(System.getenv());
        RunReport.Prepared prepared = report.prepareExisting(dir, known, Instant.now());
        PrintWriter out = spec.commandLine().getOut();
        RunReport.print(prepared, allure.isPresent(), out);
        if (allure.isPresent()) {
            Path html = report.html(allure.get(), dir, results, prepared);
            out.println("Allure report: " + html.toAbsolutePath());
        }
        if (baselineDir.isPresent()) {
            BaselineDiff diff = RunReport.diff(baselineDir.get(), dir);
            out.println();
            out.print(diff.text());
            out.println();
            out.println("Written: " + dir.resolve("diff.md").toAbsolutePath() + ", " + dir.resolve("diff.json").toAbsolutePath());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A run id beside {@code runDir} (under the same runs/), or a directory. */
    static Path baselineDir(Path runDir, String baseline) {
        Path parent = runDir.toAbsolutePath().normalize().getParent();
        if (baseline.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}") && parent != null
                && Files.isDirectory(parent.resolve(baseline).resolve("allure-results"))) {
            return parent.resolve(baseline);
        }
        Path dir = Path.of(baseline);
        if (Files.isDirectory(dir.resolve("allure-results"))) {
            return dir;
        }
        throw new IllegalArgumentException("baseline " + baseline + ": no run " + baseline + " under " + parent
                + " and no directory with allure-results at " + dir.toAbsolutePath());
    }
}
