package org.igdlab.runner.repro;

import java.util.List;
import java.util.Objects;

/**
 * One thing the report was read to say, and where it was read: {@code machine = pc} from
 * "line 17: -machine pc-i440fx-2.11". {@code others} lists what weaker or later sources said
 * when they disagreed, so a reader sees the conflict instead of a silent choice.
 */
public record Derived(String name, String value, String source, List<String> others) {
    public Derived {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        others = List.copyOf(others);
    }

    public Derived(String name, String value, String source) {
        this(name, value, source, List.of());
    }
}
