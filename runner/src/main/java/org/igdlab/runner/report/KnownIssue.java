package org.igdlab.runner.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of scenarios/known-issues.yaml: a failure the project already knows about, with where
 * it is tracked. A failed cell matches when every given axis condition holds and, if a message
 * pattern is given, the pattern is found in the cell's failure message.
 *
 * @param axes    axis (or {@code host}) → the values that match; every listed axis must match
 * @param message a pattern searched for in the failure message; empty matches any message
 */
public record KnownIssue(String id, String url, String title, Map<String, List<String>> axes, Optional<Pattern> message) {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._#-]{0,63}");

    public KnownIssue {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(message, "message");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("known issue id (" + id + ") must match " + ID.pattern());
        }
        Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
        axes.forEach((axis, values) -> copy.put(axis, List.copyOf(values)));
        axes = java.util.Collections.unmodifiableMap(copy);
        if (axes.isEmpty() && message.isEmpty()) {
            throw new IllegalArgumentException("known issue " + id + " matches every failure; give axes or a message");
        }
    }

    /** Whether a failed cell with these axis values (and {@code host}) and this failure message is this issue. */
    public boolean matches(Map<String, String> cellAxes, String failureMessage) {
        for (Map.Entry<String, List<String>> condition : axes.entrySet()) {
            String value = cellAxes.get(condition.getKey());
            if (value == null || !condition.getValue().contains(value)) {
                return false;
            }
        }
        return message.map(p -> p.matcher(failureMessage == null ? "" : failureMessage).find()).orElse(true);
    }

    /** The first line of a known cell's Allure message; the categories match on it. */
    public String messagePrefix() {
        return KnownIssues.MESSAGE_PREFIX + id + ": " + title;
    }
}
