package org.igdlab.runner.report;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One cell of a finished run as its Allure result file records it: the source of truth for the
 * baseline diff, so that any earlier run directory can be a baseline.
 *
 * @param verdict passed, failed, known, broken or skipped ({@code known}: failed, and a known issue explains it)
 * @param axes    every axis parameter of the result, without {@code host}
 */
record CellResult(String cellId, String name, String verdict, String host, Map<String, String> axes,
                         String message, Optional<String> knownIssue, long start, long stop) {

    public CellResult {
        Objects.requireNonNull(cellId, "cellId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(host, "host");
        axes = Map.copyOf(axes);
        message = message == null ? "" : message;
        Objects.requireNonNull(knownIssue, "knownIssue");
    }

    public String generation() {
        return axes.getOrDefault("generation", "");
    }

    /** The first line of the message, for one-line listings. */
    public String firstLine() {
        return message.lines().findFirst().orElse("");
    }
}
