package org.igdlab.runner.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;

/**
 * Shard {@code index} of {@code total} ({@code --shard K/N}, 1-based): a deterministic, disjoint
 * slice of the inventory's hosts and their cells. The hosts of one generation share its cells, so
 * they stay together: a generation's hosts are one unit, units are dealt largest estimated work
 * first to the least-loaded shard (ties: the unit first in the inventory, the lowest shard), and a
 * shard runs exactly the plan's cells on its hosts. Skipped cells belong to shard 1, so that the
 * union of all shards is the whole plan and no cell is in two. A shard may be empty (more shards
 * than generations with hosts).
 */
public record Shard(int index, int total) {

    private static final Pattern SYNTAX = Pattern.compile("^([0-9]{1,4})/([0-9]{1,4})$");

    public Shard {
        if (total < 1 || index < 1 || index > total) {
            throw new IllegalArgumentException("--shard " + index + "/" + total
                    + ": expected K/N with 1 ≤ K ≤ N, e.g. 1/4 (shards are numbered from 1)");
        }
    }

    /** The whole plan as one shard. */
    public static Shard whole() {
        return new Shard(1, 1);
    }

    /** {@code K/N}, e.g. {@code 2/4}; anything else is an error naming the expected form. */
    public static Shard parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--shard '" + text + "': expected K/N with 1 ≤ K ≤ N, e.g. 1/4"
                    + " (CI: $CI_NODE_INDEX/$CI_NODE_TOTAL)");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return index + "/" + total;
    }

    /** The hosts of this shard, in inventory order. */
    public List<Host> hosts(Plan plan, Inventory inventory, Durations durations) {
        if (total == 1) {
            return inventory.hosts();
        }
        Map<Generation, List<Host>> units = new LinkedHashMap<>();
        for (Host h : inventory.hosts()) {
            units.computeIfAbsent(h.generation(), g -> new ArrayList<>()).add(h);
        }
        Estimate whole = Estimate.of(plan, inventory.hosts(), durations);
        Map<String, Long> work = new LinkedHashMap<>();
        whole.hosts().forEach(l -> work.put(l.host(), l.work().toMillis()));
        Map<Generation, Long> unitWork = new EnumMap<>(Generation.class);
        // a host the estimate leaves out (no cell can run on its IGD class) has no work
        units.forEach((g, hs) -> unitWork.put(g, hs.stream().mapToLong(h -> work.getOrDefault(h.name(), 0L)).sum()));
        List<Generation> order = new ArrayList<>(units.keySet());
        List<Generation> byWork = new ArrayList<>(order);
        byWork.sort(Comparator.comparing((Generation g) -> -unitWork.get(g)).thenComparing(order::indexOf));
        long[] load = new long[total];
        Set<String> mine = new HashSet<>();
        for (Generation g : byWork) {
            int least = 0;
            for (int s = 1; s < total; s++) {
                if (load[s] < load[least]) {
                    least = s;
                }
            }
            load[least] += unitWork.get(g);
            if (least == index - 1) {
                units.get(g).forEach(h -> mine.add(h.name()));
            }
        }
        return inventory.hosts().stream().filter(h -> mine.contains(h.name())).toList();
    }

    /** The part of {@code plan} this shard runs: the cells on its hosts, and (shard 1) the skipped cells. */
    public Plan slice(Plan plan, Inventory inventory, Durations durations) {
        if (total == 1) {
            return plan;
        }
        Set<String> mine = new HashSet<>();
        hosts(plan, inventory, durations).forEach(h -> mine.add(h.name()));
        List<PlannedCell> cells = plan.cells().stream().filter(c -> mine.contains(c.host().name())).toList();
        List<SkippedCell> skipped = index == 1 ? plan.skipped() : List.of();
        return new Plan(plan.suite(), plan.coverage(), plan.productSize(), cells, skipped, plan.constraints());
    }
}
