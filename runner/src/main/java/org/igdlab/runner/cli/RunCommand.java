package org.igdlab.runner.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.igdlab.runner.plan.Shard;
import org.igdlab.runner.run.EmbeddedLab;
import org.igdlab.runner.run.LabRun;
import org.igdlab.runner.run.RunBudgets;
import org.igdlab.runner.run.RunRequest;
import org.igdlab.runner.run.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab run}: run a suite on a lab and report it. */
@Command(name = "run", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Run a suite on a lab and report it.",
            "",
            "Plans the cells, runs each on a host of its generation (all hosts in parallel, one cell per host "
                + "at a time), judges each against the oracle, and writes reports/runs/<run-id>/: allure-results, "
                + "allure-report/index.html, junit/ and summary.txt. Progress prints one line per finished cell; "
                + "a summary table and the report's path follow.",
            "",
            "A suite's control cells (control: block) run first on each host: the guest with QEMU's emulated VGA "
                + "at 00:02.0 instead of the IGD. If one fails or breaks, it and the host's other cells are reported "
                + "broken (the lab, not the product) and those cells are not run.",
            "",
            "Every attempt of every cell is appended to reports/runs/<run-id>/journal.jsonl (forced to disk) and the "
                + "run's inputs to run.inputs.json, so `lab run --resume <run-id>` continues a run whose runner died: "
                + "cells with a final outcome are kept, interrupted ones run again (their cut-off attempt is reported "
                + "as broken), and the summary and report cover every cell.",
            "",
            "A broken cell (a lab fault) is retried on another host of its generation, at most twice; every attempt "
                + "is kept in the journal and in Allure (as retries), the last one counts. A host broken twice in a "
                + "row is quarantined (<inventory-dir>/.igdlab-state/quarantine.json): no more cells this run, and a "
                + "later run uses it only after its health check passes. See `lab hosts`.",
            "",
            "On hosts with display.connected in the inventory, each running guest also gets a display check: its DRM "
                + "connectors, and a frame from the host's capture device judged against display: {pre-os, os} in the "
                + "expectations with the needles of scenarios/needles/ beside them (attached to the report as PNG)."},
        footer = {"", ExitCodes.HELP})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions inputs;

    @Option(names = "--reports", paramLabel = "DIR", description = "Where runs are written (default: reports/).")
    Path reports;

    @Option(names = "--run-id", paramLabel = "ID", description = "Name of this run (default: UTC time, yyyyMMdd-HHmmss).")
    String runId;

    @Option(names = "--resume", paramLabel = "RUN_ID",
            description = "Continue the run RUN_ID (in --reports) after its runner died, from its journal and "
                    + "run.inputs.json; takes no --inventory, --artifacts, --suite, --expectations or --run-id.")
    String resume;

    @Option(names = "--no-html", description = "Skip generating the Allure HTML report (results are still written).")
    boolean noHtml;

    @Option(names = "--shard", paramLabel = "K/N", description = "Run only shard K of N (1 ≤ K ≤ N): a deterministic, "
            + "disjoint slice of the hosts (a generation's hosts kept together) and their cells; `lab plan --shard K/N` "
            + "shows it, `lab report --merge` joins the shards' run directories. CI: --shard $CI_NODE_INDEX/$CI_NODE_TOTAL.")
    String shard;

    private final Optional<EmbeddedLab> embeddedLab;

    RunCommand(Optional<EmbeddedLab> embeddedLab) {
        this.embeddedLab = embeddedLab;
    }

    @Override
    public Integer call() throws Exception {
        LabPaths paths = LabPaths.fromSystem();
        Optional<Path> allure = noHtml ? Optional.empty() : paths.allureHome();
        if (!noHtml && allure.isEmpty()) {
            spec.commandLine().getErr().println("lab: the Allure command line is not unpacked (lab/target/allure);"
                    + " results only. Build with `mvn -B -q -DskipTests package` for the HTML report.");
        }
        Path reportsDir = reports != null ? reports : paths.resolve("reports");
        if (resume != null) {
            List<String> clashing = new ArrayList<>();
            if (runId != null) {
                clashing.add("--run-id");
            }
            clashing.addAll(inputs.given());
            if (!clashing.isEmpty()) {
                throw new IllegalArgumentException("--resume " + resume + " takes the run's inputs from its run.inputs.json;"
                        + " drop " + String.join(", ", clashing));
            }
            if (!resume.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                throw new IllegalArgumentException("--resume '" + resume
                        + "' is not a run id (letters, digits, '-' or '_', at most 64, starting with a letter or digit)");
            }
            RunResult resumed = new LabRun(Clock.systemUTC(), spec.commandLine().getOut(), embeddedLab)
                    .resume(reportsDir, resume, allure);
            return ExitCodes.of(resumed);
        }
        RunRequest request = new RunRequest(inputs.inventory(paths), inputs.artifacts(paths), inputs.suite(paths),
                inputs.expectations(paths), reportsDir,
                Optional.ofNullable(runId), allure, RunBudgets.defaults(), shard == null ? Shard.whole() : Shard.parse(shard));
        RunResult result = new LabRun(Clock.systemUTC(), spec.commandLine().getOut(), embeddedLab).run(request);
        return ExitCodes.of(result);
    }
}
