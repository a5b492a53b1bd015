package org.igdlab.runner.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A suite: axes whose product is the set of cells. {@code axes} keeps the file's order. */
public record Suite(String name, String description, Coverage coverage, String guest, Map<String, List<String>> axes) {
    public Suite {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(coverage, "coverage");
        Objects.requireNonNull(guest, "guest");
        LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : axes.entrySet()) {
            List<String> allowed = Axes.KNOWN.get(e.getKey());
            if (allowed == null) {
                throw new IllegalArgumentException("axis (" + e.getKey() + ") is not one of " + Axes.KNOWN.keySet());
            }
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("axis " + e.getKey() + " has no values");
            }
            for (String v : e.getValue()) {
                if (!allowed.contains(v)) {
                    throw new IllegalArgumentException("axis " + e.getKey() + " value (" + v + ") is not one of " + allowed);
                }
            }
            if (e.getValue().stream().distinct().count() != e.getValue().size()) {
                throw new IllegalArgumentException("axis " + e.getKey() + " repeats a value: " + e.getValue());
            }
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        for (String r : Axes.REQUIRED) {
            if (!copy.containsKey(r)) {
                throw new IllegalArgumentException("suite " + name + " has no '" + r + "' axis (required: " + Axes.REQUIRED + ")");
            }
        }
        axes = Collections.unmodifiableMap(copy);
    }

    /** The number of cells of the full product. */
    public int size() {
        return axes.values().stream().mapToInt(List::size).reduce(1, Math::multiplyExact);
    }

    /** The cells of the full product, the first axis varying slowest. */
    public List<Cell> cells() {
        return CellProduct.of(this);
    }
}
