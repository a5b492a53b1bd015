package org.igdlab.runner.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.igdlab.runner.inventory.Artifacts;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.qualify.Candidate;
import org.igdlab.runner.qualify.Candidates;
import org.igdlab.runner.qualify.Qualification;
import org.igdlab.runner.run.EmbeddedLab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab qualify}: release qualification of candidate builds against a baseline run. */
@Command(name = "qualify", mixinStandardHelpOptions = true,
        description = {"Qualify candidate builds for release against a baseline run.",
            "",
            "Runs the suite with every cell on the candidates, compares with a baseline run, and answers QUALIFIED or NOT QUALIFIED",
            "with each regression (cell, host, the register or message that failed).",
            "--suite is required here: the suite a release must pass.",
            "",
            "--candidate KIND=ARTIFACT pins a build from lab-inventory/artifacts.yaml for",
            "every cell; KIND is qemu, seabios, ovmf or efi-oprom. Each host that runs",
            "cells must have it under installed: in the inventory. A cell that passed in",
            "the baseline and fails now is re-run on a second host of its generation: it",
            "blocks when it fails there too, or when there is no second host (said so);",
            "one that passes there is listed, not blocking. Known issues, cells still",
            "failing as in the baseline and new cells do not block.",
            "",
            "Writes, in reports/runs/<run-id>/: qualification.md and qualification.json",
            "(the verdict, the regressions, every input with its sha256), diff.md and",
            "diff.json, and the Allure report with a 'release qualification' test whose",
            "status is the verdict; confirmation re-runs go to confirm/ inside it."},
        footer = {"", "Examples:",
            "  lab qualify --suite scenarios/suites/release.yaml --candidate qemu=qemu-10.2.0 \\",
            "      --baseline 20261120-020000",
            "  lab qualify -s scenarios/suites/nightly.yaml --candidate qemu=qemu-10.2.0 \\",
            "      --candidate seabios=seabios-1.17.0 --baseline reports/runs/nightly-1",
            "", ExitCodes.QUALIFY_HELP})
final class QualifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions inputs;

    @Option(names = "--candidate", paramLabel = "KIND=ARTIFACT", required = true,
            description = "A build under qualification, e.g. qemu=qemu-10.2.0 (repeat for seabios, ovmf, efi-oprom).")
    List<String> candidates = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "RUN_ID|DIR", required = true,
            description = "The run to compare with: a run id under reports/runs/, or a run directory.")
    String baseline;

    @Option(names = "--reports", paramLabel = "DIR", description = "Where runs are written (default: reports/).")
    Path reports;

    @Option(names = "--run-id", paramLabel = "ID", description = "Name of this run (default: qualify-<UTC time>).")
    String runId;

    @Option(names = "--no-html", description = "Skip generating the Allure HTML report (results are still written).")
    boolean noHtml;

    private final Optional<EmbeddedLab> embeddedLab;

    QualifyCommand(Optional<EmbeddedLab> embeddedLab) {
        this.embeddedLab = embeddedLab;
    }

    @Override
    public Integer call() throws Exception {
        LabPaths paths = LabPaths.fromSystem();
        if (inputs.suite == null) {
            throw new IllegalArgumentException("qualify needs --suite FILE, the suite a release must pass"
                    + " (e.g. scenarios/suites/release.yaml)");
        }
        Path reportsDir = reports != null ? reports : paths.resolve("reports");
        Path artifacts = inputs.artifacts(paths);
        Artifacts catalogue = InventoryLoader.load(inputs.inventory(paths), artifacts).artifacts();
        List<Candidate> parsed = new ArrayList<>();
        for (String c : candidates) {
            parsed.add(Candidate.parse(c, catalogue));
        }
        Path baselineDir = baselineDir(reportsDir.resolve("runs"), baseline);
        Optional<Path> allure = noHtml ? Optional.empty() : paths.allureHome();
        if (!noHtml && allure.isEmpty()) {
            spec.commandLine().getErr().println("lab: the Allure command line is not unpacked (lab/target/allure);"
                    + " results only. Build with `mvn -B -q -DskipTests package` for the HTML report.");
        }
        Qualification.Request request = new Qualification.Request(inputs.inventory(paths), artifacts,
                inputs.suite(paths), inputs.expectations(paths), reportsDir, baselineDir, new Candidates(parsed),
                Optional.ofNullable(runId), allure);
        Qualification.Outcome outcome = new Qualification(Clock.systemUTC(), spec.commandLine().getOut(), embeddedLab)
                .qualify(request);
        return ExitCodes.of(outcome.verdict());
    }

    /** A run id under {@code runs}, or a run directory. */
    static Path baselineDir(Path runs, String baseline) {
        if (baseline.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}") && Files.isDirectory(runs.resolve(baseline).resolve("allure-results"))) {
            return runs.resolve(baseline);
        }
        Path dir = Path.of(baseline);
        if (Files.isDirectory(dir.resolve("allure-results"))) {
            return dir;
        }
        throw new IllegalArgumentException("--baseline " + baseline + ": no run " + baseline + " under " + runs.toAbsolutePath()
                + " and no directory with allure-results at " + dir.toAbsolutePath());
    }
}
