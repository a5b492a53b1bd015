package org.igdlab.runner.cli;

import org.igdlab.runner.qualify.QualificationVerdict;
import org.igdlab.runner.run.RunResult;

/** Every exit status of {@code lab}, decided here and nowhere else. */
public final class ExitCodes {

    /**
     * Everything ran and every cell passed, was skipped with a reason, or failed only as a known
     * issue explains (known-only is 0: a known issue is tracked elsewhere, not news).
     */
    public static final int OK = 0;
    /** The run finished and at least one cell failed: the product under test missed an expectation. */
    public static final int CELLS_FAILED = 1;
    /** Bad usage or invalid input (malformed YAML, unknown option value): nothing ran. */
    public static final int USAGE = 2;
    /** The run finished, no cell failed, but some were broken by lab faults. */
    public static final int LAB_FAULTS = 3;
    /** An unexpected error inside igdlab itself. */
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }

    /** failed &gt; broken &gt; known-only (0) &gt; passed (0). */
    static int of(RunResult result) {
        if (result.count("failed") > 0) {
            return CELLS_FAILED;
        }
        return result.count("broken") > 0 ? LAB_FAULTS : OK;
    }

    /** Qualified 0, not qualified 1, no verdict because of lab faults 3. */
    static int of(QualificationVerdict verdict) {
        if (verdict instanceof QualificationVerdict.NotQualified) {
            return CELLS_FAILED;
        }
        return verdict instanceof QualificationVerdict.NoVerdict ? LAB_FAULTS : OK;
    }

    static final String HELP = """
            Exit status:
              0  every cell passed, or failed only as scenarios/known-issues.yaml explains (skipped cells carry their reason)
              1  at least one cell failed and no known issue explains it: the product under test missed an expectation
              2  bad usage or invalid input (the message names file, line and column)
              3  no cell failed, but some were broken by lab faults (host, SSH, agent, guest image)
              4  an unexpected error inside igdlab""";

    static final String QUALIFY_HELP = """
            Exit status:
              0  QUALIFIED: no regression (known issues and old failures do not block)
              1  NOT QUALIFIED: at least one regression, each named
              2  bad usage or invalid input (unknown kind or artifact, a host without the
                 candidate, no such baseline or none of its cells in the baseline, bad YAML)
              3  no regression found, but lab faults left cells without a verdict
              4  an unexpected error inside igdlab""";
}
