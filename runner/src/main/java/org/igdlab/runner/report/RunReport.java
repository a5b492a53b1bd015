package org.igdlab.runner.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.igdlab.runner.run.CellOutcome;

/**
 * What happens to a run directory after its cells ran (at the end of {@code lab run}, and again
 * with {@code lab report}): known issues are tagged in the Allure results, categories, executor
 * and {@code run.json} are written, and the HTML report is generated with the previous run's
 * history carried in.
 */
public final class RunReport {

    /**
     * The label of an attempt that a later attempt of the same cell replaced (a retry after a lab
     * fault, or an attempt the runner's death interrupted): Allure shows it among the cell's
     * retries by its history id; run.json and the baseline diff count only the cell's last attempt.
     */
    public static final String RETRIED_LABEL = "igdlab-retried";

    private final Map<String, String> env;

    /** @param env the environment, for the CI build URL ({@code CI_JOB_URL} or {@code BUILD_URL}) */
    public RunReport(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * A run directory made ready for the HTML report.
     *
     * @param known    cell id → the known issue that explains its failure
     * @param previous the earlier run whose history the trend continues, if any
     */
    public record Prepared(Map<String, KnownIssue> known, RunRecord record, Optional<Path> previous) {
        public Prepared {
            known = Map.copyOf(known);
        }
    }

    /** Tags known issues, then writes run.json, categories.json and executor.json. */
    public Prepared prepare(String runId, String suite, Path runDir, Path results, KnownIssues knownIssues, Instant now)
            throws IOException {
        Map<String, KnownIssue> known = ResultFiles.tagKnown(results, knownIssues);
        RunRecord record = RunRecord.of(runId, suite, ResultFiles.read(results), now);
        record.write(runDir);
        List<AllureHistory.Run> earlier = AllureHistory.earlierRuns(runDir, record);
        AllureMetadata.write(results, runId, suite, earlier.size() + 1L, env);
        return new Prepared(known, record, AllureHistory.previousWithHistory(runDir, record));
    }

    /**
     * {@link #prepare} for a run directory written earlier: its id and suite come from its
     * {@code run.json}, else from the directory name and the results' suite label.
     */
    public Prepared prepareExisting(Path runDir, KnownIssues knownIssues, Instant now) throws IOException {
        Path results = runDir.resolve("allure-results");
        Optional<RunRecord> record = RunRecord.read(runDir);
        String id = record.map(RunRecord::id).orElse(String.valueOf(runDir.toAbsolutePath().normalize().getFileName()));
        String suite = record.map(RunRecord::suite).or(() -> suiteOf(results)).orElse("unknown");
        return prepare(id, suite, runDir, results, knownIssues, now);
    }

    private static Optional<String> suiteOf(Path results) {
        try {
            return ResultFiles.suite(results);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Compares the run with a baseline and writes {@code diff.md} and {@code diff.json} into the run directory. */
    public static BaselineDiff diff(Path baselineDir, Path runDir) throws IOException {
        BaselineDiff diff = BaselineDiff.between(baselineDir, runDir);
        Files.writeString(runDir.resolve("diff.md"), diff.markdown());
        Files.writeString(runDir.resolve("diff.json"), diff.json());
        return diff;
    }

    /**
     * The single-file HTML report, {@code runDir/allure-report/index.html}, with the previous
     * run's history carried in; this run's history is kept in {@code runDir/allure-history}.
     */
    public Path html(Path allureHome, Path runDir, Path results, Prepared prepared) throws IOException {
        if (prepared.previous().isPresent()) {
            AllureHistory.carryIn(prepared.previous().get(), results);
        }
        AllureCommandLine allure = new AllureCommandLine(allureHome);
        Path standard = Files.createTempDirectory(runDir, ".allure-standard-");
        try {
            allure.generate(results, standard, false);
            AllureHistory.keep(standard, runDir);
        } finally {
            AllureHistory.deleteTree(standard);
        }
        Path report = runDir.resolve("allure-report");
        allure.generate(results, report, true);
        return report.resolve("index.html");
    }

    /** The outcomes with every failed cell that a known issue explains turned into {@link CellOutcome.Known}. */
    public static List<CellOutcome> withKnown(List<CellOutcome> outcomes, Map<String, KnownIssue> known) {
        List<CellOutcome> out = new ArrayList<>(outcomes.size());
        for (CellOutcome o : outcomes) {
            KnownIssue issue = known.get(o.cellId());
            if (o instanceof CellOutcome.Failed f && issue != null) {
                out.add(new CellOutcome.Known(f.cellId(), f.hostName(), f.duration(), f.mismatches(), issue.id(), issue.url()));
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** How many cells are known and, when an HTML report follows, where its trend comes from. */
    public static void print(Prepared prepared, boolean html, PrintWriter out) {
        if (!prepared.known().isEmpty()) {
            out.printf("Known issues:  %d cell(s) explained by known issues (%s)%n", prepared.known().size(),
                    String.join(", ", prepared.known().values().stream().map(KnownIssue::id).distinct().toList()));
        }
        prepared.previous().filter(p -> html).ifPresent(p -> out.printf("Trend:         history carried from run %s%n", p.getFileName()));
    }
}
