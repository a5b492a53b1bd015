package org.igdlab.lab.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.igdlab.runner.inventory.InventoryException;
import org.igdlab.runner.run.CellOutcome;
import org.igdlab.runner.run.LabRun;
import org.igdlab.runner.run.RunBudgets;
import org.igdlab.runner.run.RunRequest;
import org.igdlab.runner.run.RunResult;
import org.igdlab.runner.scenario.ScenarioException;

/**
 * One {@code lab run} through the runner's own entry point ({@link LabRun}), against a published
 * (non-embedded) inventory, with the HTML report left out: load, plan, connect, every cell, Allure
 * results, JUnit XML and the summary. Its progress goes to a log file, not the bench's table.
 */
final class RunnerPass {

    private RunnerPass() {
    }

    /**
     * @param wall     the whole {@link LabRun#run}, start to return
     * @param outcomes every row's outcome, skipped rows included
     * @param allureResults the run's Allure results (each cell's steps, timed)
     */
    record Result(Duration wall, List<CellOutcome> outcomes, Path allureResults) {

        Result {
            outcomes = List.copyOf(outcomes);
        }

        /** Outcomes of cells that ran on a host (not skipped rows). */
        List<CellOutcome> ran() {
            return outcomes.stream().filter(o -> !(o instanceof CellOutcome.Skipped)).toList();
        }

        long count(String status) {
            return outcomes.stream().filter(o -> o.status().equals(status)).count();
        }

        /**
         * Names each broken cell with the step and message that broke it: a bench whose cells break
         * measures nothing, so it must say why rather than only exit non-zero.
         */
        void reportBroken(PrintWriter err) {
            for (CellOutcome o : outcomes) {
                if (o instanceof CellOutcome.Broken b) {
                    err.printf("lab bench: cell %s on %s broke at '%s': %s%n", b.cellId(), b.hostName(), b.step(), b.message());
                }
            }
            err.flush();
        }

        /** "24 passed" or "180 passed, 20 broken"; skipped rows left out. */
        String statuses() {
            StringBuilder s = new StringBuilder();
            for (String status : List.of("passed", "failed", "known", "broken")) {
                long n = count(status);
                if (n > 0) {
                    s.append(s.length() == 0 ? "" : ", ").append(n).append(' ').append(status);
                }
            }
            return s.toString();
        }
    }

    static Result run(Path home, Path inventory, Path suite, Path workDir, String runId, Clock clock)
            throws IOException, InventoryException, ScenarioException {
        RunRequest request = new RunRequest(inventory, home.resolve("lab-inventory/artifacts.yaml"), suite,
                home.resolve("scenarios/expectations.yaml"), workDir.resolve("reports"), Optional.of(runId),
                Optional.empty(), RunBudgets.defaults());
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(workDir.resolve(runId + ".log"), StandardCharsets.UTF_8))) {
            long start = System.nanoTime();
            RunResult result = new LabRun(clock, log, Optional.empty()).run(request);
            return new Result(Duration.ofNanos(System.nanoTime() - start), result.outcomes(), result.allureResults());
        }
    }
}
