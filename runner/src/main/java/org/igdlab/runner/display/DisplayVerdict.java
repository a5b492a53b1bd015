package org.igdlab.runner.display;

import java.util.List;
import java.util.Objects;

/**
 * The display part of a cell's verdict: what did not hold (subject, expected, observed, with the
 * citation in the explanation), what held, and what the frame showed in one phrase.
 */
public record DisplayVerdict(List<Finding> mismatches, List<String> checks, String seen) {

    /** One expectation about the display that did not hold. */
    public record Finding(String subject, String expected, String observed, String explanation) {
        public Finding {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(observed, "observed");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    public DisplayVerdict {
        mismatches = List.copyOf(mismatches);
        checks = List.copyOf(checks);
        Objects.requireNonNull(seen, "seen");
    }

    public boolean passed() {
        return mismatches.isEmpty();
    }
}
