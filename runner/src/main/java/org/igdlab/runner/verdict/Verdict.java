package org.igdlab.runner.verdict;

import java.util.List;

/**
 * The product's verdict on one cell. Lab faults (broken) are not verdicts: they are decided before
 * a cell is judged and never reported as {@link Failed}.
 */
public sealed interface Verdict {

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
