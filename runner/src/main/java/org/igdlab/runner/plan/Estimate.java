package org.igdlab.runner.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.scenario.Cell;

/**
 * How long a plan should take, host by host, with its {@link Durations}: each host's cells,
 * reboots (kernel changes in its run order, starting from its booted kernel) and work; the
 * makespan (the busiest host); and a lower bound no schedule can beat:
 * {@code max(total work ÷ hosts, longest generation share)}, where a generation's share is its
 * cells' work plus the reboots it cannot avoid (one per kernel none of its hosts boots by
 * default), divided by its hosts — its cells can run nowhere else, so a one-host generation is an
 * indivisible chain — and no bound is below the longest single cell (with its reboot, if it needs one).
 *
 * @param hosts     one row per host of the plan's inventory (or shard), in inventory order
 * @param totalWork every host's work, summed
 */
public record Estimate(List<HostLoad> hosts, Duration totalWork, Duration makespan, Duration lowerBound,
                       String boundBy) {

    /** One host's share of a plan. */
    public record HostLoad(String host, int cells, int reboots, Duration work) {
        public HostLoad {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(work, "work");
        }
    }

    public Estimate {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(totalWork, "totalWork");
        Objects.requireNonNull(makespan, "makespan");
        Objects.requireNonNull(lowerBound, "lowerBound");
        Objects.requireNonNull(boundBy, "boundBy");
    }

    /** makespan ÷ lower bound (1.0 is optimal; an empty plan is 1.0). */
    public double ratio() {
        return lowerBound.isZero() ? 1.0 : (double) makespan.toMillis() / lowerBound.toMillis();
    }

    /**
     * The hosts that could take the plan's cells at all: a host whose IGD class no product cell asks
     * for (a display-class host under a suite that does not vary {@code host-class}) is left out, so
     * it neither shows as idle nor lowers the bound. Every host stays when the plan has no product cell.
     */
    private static List<Host> eligible(Plan plan, List<Host> hosts) {
        java.util.Set<String> classes = new java.util.HashSet<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (PlannedCell c : plan.cells()) {
            used.add(c.host().name());
            if (!c.cell().isControl()) {
                classes.add(c.cell().axis("host-class"));
            }
        }
        if (classes.isEmpty()) {
            return hosts;
        }
        return hosts.stream().filter(h -> used.contains(h.name())
                || Cell.hostClassOf(h.igd()).filter(classes::contains).isPresent()).toList();
    }

    /** The estimate of {@code plan} on {@code hosts} (the inventory's, or a shard's), in the plan's order. */
    public static Estimate of(Plan plan, List<Host> hosts, Durations durations) {
        hosts = eligible(plan, hosts);
        Map<String, List<Cell>> byHost = new LinkedHashMap<>();
        hosts.forEach(h -> byHost.put(h.name(), new ArrayList<>()));
        for (PlannedCell c : plan.cells()) {
            List<Cell> list = byHost.get(c.host().name());
            if (list == null) {
                throw new IllegalArgumentException("plan cell " + c.cell().id() + " is on host " + c.host().name()
                        + ", which is not among the hosts estimated " + byHost.keySet());
            }
            list.add(c.cell());
        }
        long reboot = durations.reboot().toMillis();
        List<HostLoad> loads = new ArrayList<>();
        long total = 0;
        long makespan = 0;
        for (Host h : hosts) {
            List<Cell> cells = byHost.get(h.name());
            String current = h.kernel();
            int reboots = 0;
            long work = 0;
            for (Cell c : cells) {
                String k = Planner.kernelOn(c, h);
                if (!k.equals(current)) {
                    reboots++;
                    current = k;
                }
                work += durations.of(c).toMillis();
            }
            work += reboots * reboot;
            loads.add(new HostLoad(h.name(), cells.size(), reboots, Duration.ofMillis(work)));
            total += work;
            makespan = Math.max(makespan, work);
        }
        // The bound, from the cells alone: which hosts could take them, not which ones did.
        Map<Generation, Long> genWork = new EnumMap<>(Generation.class);
        Map<Generation, Set<String>> genKernels = new EnumMap<>(Generation.class);
        long longestUnit = 0;
        Map<Generation, Set<String>> bootedIn = new EnumMap<>(Generation.class);
        hosts.forEach(h -> bootedIn.computeIfAbsent(h.generation(), x -> new java.util.HashSet<>()).add(h.kernel()));
        for (PlannedCell c : plan.cells()) {
            Generation g = c.cell().generation();
            long w = durations.of(c.cell()).toMillis();
            genWork.merge(g, w, Long::sum);
            c.cell().kernel().ifPresent(k -> genKernels.computeIfAbsent(g, x -> new LinkedHashSet<>()).add(k));
            boolean anyBoots = c.cell().kernel().isEmpty()
                    || bootedIn.getOrDefault(g, Set.of()).contains(c.cell().kernel().get());
            longestUnit = Math.max(longestUnit, w + (anyBoots ? 0 : reboot));
        }
        long minimalTotal = 0;
        long genShare = 0;
        Generation shareOf = null;
        int shareHosts = 0;
        for (Map.Entry<Generation, Long> e : genWork.entrySet()) {
            Generation g = e.getKey();
            List<Host> gHosts = hosts.stream().filter(h -> h.generation() == g).toList();
            long unavoidable = genKernels.getOrDefault(g, Set.of()).stream()
                    .filter(k -> gHosts.stream().noneMatch(h -> h.kernel().equals(k))).count() * reboot;
            long work = e.getValue() + unavoidable;
            minimalTotal += work;
            long share = ceilDiv(work, gHosts.size());
            if (share > genShare) {
                genShare = share;
                shareOf = g;
                shareHosts = gHosts.size();
            }
        }
        long perHost = hosts.isEmpty() ? 0 : ceilDiv(minimalTotal, hosts.size());
        long bound = Math.max(perHost, Math.max(genShare, longestUnit));
        String by;
        if (bound == 0) {
            by = "an empty plan";
        } else if (bound == genShare && shareOf != null) {
            by = "generation " + shareOf.id() + "'s share (its work ÷ its " + shareHosts + " host(s))";
        } else if (bound == perHost) {
            by = "total work ÷ " + hosts.size() + " hosts";
        } else {
            by = "the longest single cell";
        }
        return new Estimate(loads, Duration.ofMillis(total), Duration.ofMillis(makespan), Duration.ofMillis(bound), by);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
