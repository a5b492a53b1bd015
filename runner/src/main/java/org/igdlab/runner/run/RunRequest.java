package org.igdlab.runner.run;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.igdlab.runner.plan.Shard;

/**
 * What to run: the inventory (with its artifacts), the suite and its oracle, where reports go.
 *
 * @param allureHome the unpacked Allure command line; empty skips the HTML report
 * @param shard      the slice of the plan this run executes ({@code --shard K/N}); 1/1 is all of it
 */
public record RunRequest(Path inventory, Path artifacts, Path suite, Path expectations, Path reportsDir,
                         Optional<String> runId, Optional<Path> allureHome, RunBudgets budgets, Shard shard) {

    /** The whole plan. */
    public RunRequest(Path inventory, Path artifacts, Path suite, Path expectations, Path reportsDir,
                      Optional<String> runId, Optional<Path> allureHome, RunBudgets budgets) {
        this(inventory, artifacts, suite, expectations, reportsDir, runId, allureHome, budgets, Shard.whole());
    }

    public RunRequest {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(expectations, "expectations");
        Objects.requireNonNull(reportsDir, "reportsDir");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(allureHome, "allureHome");
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(shard, "shard");
        runId.ifPresent(id -> {
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                throw new IllegalArgumentException("run id '" + id
                        + "' must be letters, digits, '-' or '_' (at most 64), starting with a letter or digit");
            }
        });
    }
}
