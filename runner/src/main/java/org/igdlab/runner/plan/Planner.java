package org.igdlab.runner.plan;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.scenario.Cell;
import org.igdlab.runner.scenario.CellSelection;
import org.igdlab.runner.scenario.Coverage;
import org.igdlab.runner.scenario.ExcludedCell;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.QemuBuild;
import org.igdlab.runner.scenario.Suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a suite into a plan: the suite's cells (its coverage and constraints decide which, see
 * {@link CellSelection}), each on a host of its generation with its expectation resolved, in the
 * order each host runs them.
 *
 * <p>Scheduling, per generation: the hosts of a generation share its cells. A cell that names a
 * kernel may only go to a host that has it installed. Cells are placed a kernel's cells together —
 * the kernel fewest hosts have first, then the kernel with the most work — and within a kernel
 * longest first (measured durations, when given, differ), each onto the host where it would
 * finish earliest, counting a reboot the first time a host is given a kernel it does not boot by
 * default (longest-processing-time first with a setup cost; ties go to the host first in the
 * inventory, so the same inputs always give the same plan). Then each host's cells are ordered
 * by kernel — its booted kernel first, then the others in the suite's order — so each kernel is
 * booted once: a host's reboots are its distinct non-default kernels.
 *
 * <p>A cell goes only to a host its bound axes fit ({@link Cell#runsOn}: generation and host class),
 * and a cell that names a qemu build ({@link QemuBuild}) only to a host that has that build
 * installed, as a kernel does; a cell at {@code qemu: default} runs each host's first qemu build.
 *
 * <p>A generation without hosts makes its cells skipped, and so does a host class no host of the
 * generation has; so does a kernel or a qemu build no host of the generation has installed (both
 * on one host, when a cell names both), and a constraint (full coverage). A kernel that no host of
 * the inventory has installed is an input error, and so is a qemu build that is not a qemu artifact
 * of the catalogue. Each host with cells gets the suite's control cells
 * first ({@link ControlPlan}).
 */
public final class Planner {

    /** The name of the cell step that reboots a host into the cell's kernel, followed by the release. */
    public static final String REBOOT_STEP = "reboot into kernel ";

    private Planner() {
    }

    /** A plan balanced with the default {@link Durations}. */
    public static Plan plan(Suite suite, Inventory inventory, Expectations expectations) {
        return plan(suite, inventory, expectations, Durations.defaults());
    }

    /**
     * @throws IllegalArgumentException when the suite names a kernel no host of the inventory has installed
     * @throws IllegalStateException    when the expectations leave a field of a planned cell unset
     */
    public static Plan plan(Suite suite, Inventory inventory, Expectations expectations, Durations durations) {
        return plan(suite, inventory, expectations, durations, java.util.function.UnaryOperator.identity());
    }

    /**
     * A plan whose expectations are those of each cell on {@code judgedOn.apply(host)} rather than on
     * the host it runs on: {@code lab qualify} runs the candidate builds but judges every cell by what
     * the oracle expects of the builds they replace (the qemu-band of the host before pinning).
     */
    public static Plan plan(Suite suite, Inventory inventory, Expectations expectations, Durations durations,
                            java.util.function.UnaryOperator<Host> judgedOn) {
        checkKernels(suite, inventory);
        checkQemuBuilds(suite, inventory);
        CellSelection selection = suite.select();
        List<SkippedCell> skipped = new ArrayList<>();
        Map<Generation, List<Cell>> byGeneration = new EnumMap<>(Generation.class);
        for (Cell cell : selection.cells()) {
            byGeneration.computeIfAbsent(cell.generation(), g -> new ArrayList<>()).add(cell);
        }
        // Keyed by name: a Host record's hashCode walks all its fields, and this map is hit once per cell.
        Map<String, List<Cell>> assigned = new LinkedHashMap<>();
        inventory.hosts().forEach(h -> assigned.put(h.name(), new ArrayList<>()));
        for (Map.Entry<Generation, List<Cell>> e : byGeneration.entrySet()) {
            List<Host> generationHosts = inventory.hostsOf(e.getKey());
            if (generationHosts.isEmpty()) {
                for (Cell cell : e.getValue()) {
                    skipped.add(new SkippedCell(cell, "no host of generation " + e.getKey().id()
                            + " in inventory " + inventory.source()));
                }
                continue;
            }
            // The host class is bound like the generation: a cell's hosts are those whose IGD class
            // matches its host-class (vga by default, so display-class hosts get only cells that ask).
            Map<String, List<Cell>> byClass = new LinkedHashMap<>();
            for (Cell cell : e.getValue()) {
                byClass.computeIfAbsent(cell.axis("host-class"), c -> new ArrayList<>()).add(cell);
            }
            for (Map.Entry<String, List<Cell>> c : byClass.entrySet()) {
                Cell first = c.getValue().get(0);
                List<Host> hosts = generationHosts.stream().filter(first::runsOn).toList();
                if (hosts.isEmpty()) {
                    for (Cell cell : c.getValue()) {
                        skipped.add(new SkippedCell(cell, "no host of generation " + e.getKey().id() + " with host-class "
                                + c.getKey() + " (IGD class " + ("vga".equals(c.getKey()) ? "0300xx" : "0380xx")
                                + ") in inventory " + inventory.source() + " (" + describeClasses(generationHosts) + ")"));
                    }
                    continue;
                }
                assign(c.getValue(), hosts, durations, assigned, skipped);
            }
        }
        List<String> kernelOrder = suite.kernels();
        List<PlannedCell> planned = new ArrayList<>();
        for (Host host : inventory.hosts()) {
            for (Cell cell : inKernelOrder(host, assigned.get(host.name()), kernelOrder)) {
                planned.add(new PlannedCell(cell, host, expectations.expect(cell, judgedOn.apply(host))));
            }
        }
        for (ExcludedCell x : selection.excluded()) {
            skipped.add(new SkippedCell(x.cell(), x.reason()));
        }
        String coverage = suite.coverage() == Coverage.FULL ? Coverage.FULL.id()
                : suite.coverage().id() + " (seed " + suite.seed() + ")";
        return new Plan(suite.name(), coverage, suite.size(), ControlPlan.withControlCells(suite, planned), skipped,
                suite.constraints());
    }

    /** Every kernel the suite names is installed on some host of the inventory. */
    private static void checkKernels(Suite suite, Inventory inventory) {
        Set<String> installed = new TreeSet<>();
        inventory.hosts().forEach(h -> installed.addAll(h.kernels()));
        for (String k : suite.kernels()) {
            if (!installed.contains(k)) {
                List<String> allowed = new ArrayList<>();
                allowed.add("default");
                allowed.addAll(installed);
                throw new IllegalArgumentException("suite " + suite.name() + ": kernel (" + k
                        + ") is not installed on any host of inventory " + inventory.source()
                        + "; allowed values: " + allowed);
            }
        }
    }

    /** Every qemu build the suite names is a {@code kind: qemu} artifact of the inventory's catalogue. */
    private static void checkQemuBuilds(Suite suite, Inventory inventory) {
        List<String> builds = inventory.artifacts().all().stream()
                .filter(a -> a.kind().equals(QemuBuild.KIND)).map(a -> a.name()).toList();
        for (String q : suite.qemuBuilds()) {
            if (!builds.contains(q)) {
                List<String> allowed = new ArrayList<>();
                allowed.add("default");
                allowed.addAll(builds);
                throw new IllegalArgumentException("suite " + suite.name() + ": qemu (" + q
                        + ") is not a qemu artifact of the artifacts catalogue of inventory " + inventory.source()
                        + "; allowed values: " + allowed);
            }
        }
    }

    /** Whether {@code host} can run {@code cell}: it has the cell's kernel and qemu build installed. */
    private static boolean canRun(Cell cell, Host host) {
        return cell.kernel().map(k -> host.kernels().contains(k)).orElse(true)
                && (cell.qemu().isEmpty() || QemuBuild.of(cell, host).isPresent());
    }

    /** The kernel {@code cell} boots on {@code host}: the one it names, or the host's default. */
    public static String kernelOn(Cell cell, Host host) {
        return cell.kernel().orElse(host.kernel());
    }

    /** Longest first, a kernel's cells together, each to the host where it finishes earliest. */
    private static void assign(List<Cell> cells, List<Host> hosts, Durations durations, Map<String, List<Cell>> assigned,
                               List<SkippedCell> skipped) {
        Map<String, Long> kernelWork = new LinkedHashMap<>();
        Set<String> installed = new HashSet<>();
        hosts.forEach(h -> installed.addAll(h.kernels()));
        List<Cell> runnable = new ArrayList<>();
        for (Cell cell : cells) {
            String k = cell.kernel().orElse("");
            if (!k.isEmpty() && !installed.contains(k)) {
                skipped.add(new SkippedCell(cell, "kernel " + k + " is not installed on any host of generation "
                        + cell.generation().id() + " (" + describeKernels(hosts) + ")"));
                continue;
            }
            if (hosts.stream().noneMatch(h -> canRun(cell, h))) {
                String q = cell.qemu().orElseThrow();
                skipped.add(new SkippedCell(cell, "no host of " + cell.generation().id() + " has " + q + " installed"
                        + (k.isEmpty() ? "" : " beside kernel " + k) + " (" + describeQemuBuilds(hosts) + ")"));
                continue;
            }
            runnable.add(cell);
            kernelWork.merge(k, durations.of(cell).toMillis(), Long::sum);
        }
        List<String> kernels = new ArrayList<>(kernelWork.keySet());
        // Fewest eligible hosts first (a kernel few hosts have must claim them before the others fill
        // them up), then the most work; the suite's order breaks ties.
        Map<String, Long> eligible = new HashMap<>();
        kernels.forEach(k -> eligible.put(k, k.isEmpty() ? hosts.size()
                : hosts.stream().filter(h -> h.kernels().contains(k)).count()));
        Map<String, Integer> groupRank = new LinkedHashMap<>();
        kernels.stream().sorted(Comparator.comparing((String k) -> eligible.get(k))
                        .thenComparing(k -> -kernelWork.get(k)).thenComparing(kernels::indexOf))
                .forEach(k -> groupRank.put(k, groupRank.size()));
        Map<Cell, Integer> suiteOrder = new java.util.IdentityHashMap<>();
        runnable.forEach(c -> suiteOrder.put(c, suiteOrder.size()));
        runnable.sort(Comparator.comparing((Cell c) -> groupRank.get(c.kernel().orElse("")))
                .thenComparing(c -> -durations.of(c).toMillis())
                .thenComparing(suiteOrder::get));
        long[] load = new long[hosts.size()];
        List<Set<String>> booted = new ArrayList<>();
        hosts.forEach(h -> booted.add(new HashSet<>()));
        long reboot = durations.reboot().toMillis();
        for (Cell cell : runnable) {
            long work = durations.of(cell).toMillis();
            int best = -1;
            long bestFinish = Long.MAX_VALUE;
            for (int i = 0; i < hosts.size(); i++) {
                Host h = hosts.get(i);
                String k = cell.kernel().orElse(null);
                if (!canRun(cell, h)) {
                    continue;
                }
                boolean needsReboot = k != null && !k.equals(h.kernel()) && !booted.get(i).contains(k);
                long finish = load[i] + work + (needsReboot ? reboot : 0);
                if (finish < bestFinish) {
                    best = i;
                    bestFinish = finish;
                }
            }
            load[best] = bestFinish;
            cell.kernel().ifPresent(booted.get(best)::add);
            assigned.get(hosts.get(best).name()).add(cell);
        }
        hosts.forEach(h -> assigned.get(h.name()).sort(Comparator.comparing(suiteOrder::get)));
    }

    /** A host's cells grouped by kernel: its booted kernel first, then the suite's order; within a kernel, suite order. */
    private static List<Cell> inKernelOrder(Host host, List<Cell> cells, List<String> kernelOrder) {
        Map<String, List<Cell>> groups = new LinkedHashMap<>();
        groups.put(host.kernel(), new ArrayList<>());
        kernelOrder.forEach(k -> groups.putIfAbsent(k, new ArrayList<>()));
        for (Cell c : cells) {
            groups.computeIfAbsent(kernelOn(c, host), k -> new ArrayList<>()).add(c);
        }
        List<Cell> out = new ArrayList<>(cells.size());
        groups.values().forEach(out::addAll);
        return out;
    }

    private static String describeClasses(List<Host> hosts) {
        List<String> parts = new ArrayList<>();
        hosts.forEach(h -> parts.add(h.name() + ": class " + h.igd().classCode()));
        return String.join("; ", parts);
    }

    private static String describeQemuBuilds(List<Host> hosts) {
        Set<String> parts = new LinkedHashSet<>();
        hosts.forEach(h -> parts.add(h.name() + ": " + h.installed().keySet().stream()
                .filter(n -> h.artifacts().byName(n).map(a -> a.kind().equals(QemuBuild.KIND)).orElse(false)).toList()));
        return String.join("; ", parts);
    }

    private static String describeKernels(List<Host> hosts) {
        Set<String> parts = new LinkedHashSet<>();
        hosts.forEach(h -> parts.add(h.name() + ": " + h.kernels()));
        return String.join("; ", parts);
    }
}
