package org.igdlab.runner.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A finished run: every cell's outcome, and where its results and report are. */
public record RunResult(String runId, String suite, Path runDir, Path allureResults, Optional<Path> htmlReport,
                        List<CellOutcome> outcomes) {

    public RunResult {
        outcomes = List.copyOf(outcomes);
    }

    /** How many cells ended so: passed, failed, known, broken or skipped ({@link CellOutcome#status()}). */
    public long count(String status) {
        return outcomes.stream().filter(o -> o.status().equals(status)).count();
    }
}
