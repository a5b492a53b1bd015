package org.igdlab.runner.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.igdlab.runner.report.AllureCommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab report}: (re)generate the Allure HTML report of a run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Generate the Allure HTML report of a run from its allure-results (lab run does this at its end).")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_DIR",
            description = "The run's directory, reports/runs/<run-id> (default: reports/latest).")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        LabPaths paths = LabPaths.fromSystem();
        Path dir = runDir != null ? runDir : paths.resolve("reports/latest");
        Path results = dir.resolve("allure-results");
        if (!Files.isDirectory(results)) {
            throw new IllegalArgumentException(dir + " has no allure-results; name a run directory under reports/runs/");
        }
        Path allure = paths.allureHome().orElseThrow(() -> new IllegalArgumentException(
                "the Allure command line is not unpacked (lab/target/allure); build with `mvn -B -q -DskipTests package`"));
        Path report = dir.resolve("allure-report");
        new AllureCommandLine(allure).generate(results, report);
        spec.commandLine().getOut().println("Allure report: " + report.resolve("index.html").toAbsolutePath());
        return ExitCodes.OK;
    }
}
