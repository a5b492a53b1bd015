package org.igdlab.runner.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A suite constraint: the cells whose axes match every entry of {@code when} are not run, for
 * {@code reason}. Only combinations that are not worth a VM are excluded; a combination QEMU
 * refuses is kept as a cell that expects the refusal (the lab tests refusals).
 *
 * @param when axis → the values that match (a cell matches when each listed axis has one of them)
 */
public record Exclusion(String id, Map<String, Set<String>> when, String reason) {
    static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    public Exclusion {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("constraint id (" + id + ") must match " + ID.pattern());
        }
        if (when == null || when.isEmpty()) {
            throw new IllegalArgumentException("constraint " + id + " needs at least one axis condition");
        }
        LinkedHashMap<String, Set<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : when.entrySet()) {
            if (!Axes.known(e.getKey())) {
                throw new IllegalArgumentException("constraint " + id + ": axis (" + e.getKey() + ") is not one of "
                        + Axes.names());
            }
            if (e.getValue().isEmpty() || !e.getValue().stream().allMatch(v -> Axes.allows(e.getKey(), v))) {
                throw new IllegalArgumentException("constraint " + id + ": values " + e.getValue() + " of axis "
                        + e.getKey() + " are not among " + Axes.allowed(e.getKey()));
            }
            copy.put(e.getKey(), Collections.unmodifiableSet(new LinkedHashSet<>(e.getValue())));
        }
        when = Collections.unmodifiableMap(copy);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("constraint " + id + " needs a reason");
        }
    }

    /** True when {@code axes} (a cell's, with unvaried option axes at their defaults) matches every condition. */
    boolean excludes(Map<String, String> axes) {
        for (Map.Entry<String, Set<String>> e : when.entrySet()) {
            String v = axes.containsKey(e.getKey()) ? axes.get(e.getKey()) : Axes.DEFAULTS.get(e.getKey());
            if (v == null || !e.getValue().contains(v)) {
                return false;
            }
        }
        return true;
    }

    /** How many cells of the full product of {@code axes} this constraint matches (overlaps with others counted). */
    public long matchingCells(Map<String, List<String>> axes) {
        long n = 1;
        for (Map.Entry<String, List<String>> a : axes.entrySet()) {
            Set<String> w = when.get(a.getKey());
            n *= w == null ? a.getValue().size() : a.getValue().stream().filter(w::contains).count();
        }
        return n;
    }

    /** {@code rom=romfile-efi, firmware=seabios}. */
    public String describeWhen() {
        return when.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue().size() == 1 ? e.getValue().iterator().next()
                        : e.getValue().stream().collect(Collectors.joining("|", "[", "]"))))
                .collect(Collectors.joining(", "));
    }

    /** The same constraint in PICT's language: a row must not match every condition. */
    String toPict() {
        String conditions = when.entrySet().stream()
                .map(e -> "[" + e.getKey() + "] IN {" + e.getValue().stream().map(v -> "\"" + v + "\"")
                        .collect(Collectors.joining(", ")) + "}")
                .collect(Collectors.joining(" AND "));
        return "NOT (" + conditions + ");";
    }

    @Override
    public String toString() {
        return id + " (" + describeWhen() + "): " + reason;
    }
}
