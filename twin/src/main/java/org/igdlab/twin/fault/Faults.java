package org.igdlab.twin.fault;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The faults active on one twin host. */
public record Faults(Set<Fault> active) {
    public Faults {
        active = active.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(active));
    }

    public static Faults none() {
        return new Faults(Set.of());
    }

    /** From twin.yaml names; an unknown name is refused with the list of known ones. */
    public static Faults parse(List<String> names) {
        EnumSet<Fault> set = EnumSet.noneOf(Fault.class);
        for (String name : names) {
            set.add(Fault.byName(name).orElseThrow(() -> new IllegalArgumentException("unknown fault '" + name + "'; known: "
                    + Arrays.stream(Fault.values()).map(Fault::yamlName).collect(Collectors.joining(", ")))));
        }
        return new Faults(set);
    }

    public boolean has(Fault fault) {
        return active.contains(fault);
    }
}
