package org.igdlab.runner.plan;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Picks the host for each cell: round-robin among the generation's hosts, in inventory order. */
final class HostAssignment {
    private final Inventory inventory;
    private final Map<Generation, Integer> next = new EnumMap<>(Generation.class);

    HostAssignment(Inventory inventory) {
        this.inventory = inventory;
    }

    Optional<Host> next(Generation generation) {
        List<Host> hosts = inventory.hostsOf(generation);
        if (hosts.isEmpty()) {
            return Optional.empty();
        }
        int i = next.merge(generation, 1, Integer::sum) - 1;
        return Optional.of(hosts.get(i % hosts.size()));
    }
}
