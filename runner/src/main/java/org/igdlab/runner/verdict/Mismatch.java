package org.igdlab.runner.verdict;

import java.util.Objects;

/** One way a cell did not meet its expectation: what, what was expected, what was seen, and why it matters. */
public record Mismatch(String subject, String expected, String observed, String explanation) {
    public Mismatch {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(explanation, "explanation");
    }
}
