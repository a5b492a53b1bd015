package org.igdlab.runner.coverage;

import java.util.List;

/**
 * What {@link CoverageCheck} found.
 *
 * @param uncovered coverable t-tuples no row contains, as {@code name=value, name=value}
 * @param violations rows that break a constraint or use a value the model does not declare
 */
public record CoverageReport(int coverableTuples, List<String> uncovered, List<String> violations) {

    public CoverageReport {
        uncovered = List.copyOf(uncovered);
        violations = List.copyOf(violations);
        if (coverableTuples < 0) {
            throw new IllegalArgumentException("coverableTuples (" + coverableTuples + ") must not be negative");
        }
    }

    public boolean complete() {
        return uncovered.isEmpty() && violations.isEmpty();
    }
}
