package org.igdlab.runner.verdict;

import java.util.List;

/**
 * The product's verdict on one cell. Lab faults (broken) are not verdicts: they are decided before
 * a cell is judged and never reported as {@link Failed}.
 */
public sealed interface Verdict {

    /** What held. */
    List<String> checks();

    /**
     * This verdict with more findings from another check of the same cell (the display check): it
     * fails when either failed, and keeps every check that held.
     */
    default Verdict plus(List<Mismatch> moreMismatches, List<String> moreChecks) {
        List<Mismatch> mismatches = new java.util.ArrayList<>(this instanceof Failed f ? f.mismatches() : List.of());
        mismatches.addAll(moreMismatches);
        List<String> checks = new java.util.ArrayList<>(checks());
        checks.addAll(moreChecks);
        return mismatches.isEmpty() ? new Passed(checks) : new Failed(mismatches, checks);
    }

    /** Every check held; {@code checks} says what was checked (and what deliberately was not). */
    record Passed(List<String> checks) implements Verdict {
        public Passed {
            checks = List.copyOf(checks);
        }
    }

    /** At least one expectation was not met. */
    record Failed(List<Mismatch> mismatches, List<String> checks) implements Verdict {
        public Failed {
            mismatches = List.copyOf(mismatches);
            if (mismatches.isEmpty()) {
                throw new IllegalArgumentException("a failed verdict needs at least one mismatch");
            }
            checks = List.copyOf(checks);
        }
    }
}
