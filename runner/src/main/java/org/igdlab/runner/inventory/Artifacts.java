package org.igdlab.runner.inventory;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The artifacts catalogue (lab-inventory/artifacts.yaml). Names are unique. */
public record Artifacts(List<Artifact> all) {
    public Artifacts {
        all = List.copyOf(all);
        Set<String> seen = new HashSet<>();
        for (Artifact a : all) {
            if (!seen.add(a.name())) {
                throw new IllegalArgumentException("artifact name (" + a.name() + ") appears twice");
            }
        }
    }

    public Optional<Artifact> byName(String name) {
        return all.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
