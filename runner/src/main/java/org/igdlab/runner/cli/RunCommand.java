package org.igdlab.runner.cli;

import java.nio.file.Path;
import java.time.Clock;
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
                + "a summary table and the report's path follow."},
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
        RunRequest request = new RunRequest(inputs.inventory(paths), inputs.artifacts(paths), inputs.suite(paths),
                inputs.expectations(paths), reports != null ? reports : paths.resolve("reports"),
                Optional.ofNullable(runId), allure, RunBudgets.defaults(), shard == null ? Shard.whole() : Shard.parse(shard));
        RunResult result = new LabRun(Clock.systemUTC(), spec.commandLine().getOut(), embeddedLab).run(request);
        return ExitCodes.of(result);
    }
}
