package org.igdlab.runner.plan;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.Suite;
import org.igdlab.runner.scenario.SuiteLoader;

/**
 * Planning at scale: synthesises an inventory of {@code HOSTS} hosts (the twin fleet's hosts,
 * each copied {@code HOSTS / 9}-ish times under new names, every other copy with a third kernel
 * installed) and a full-product suite of 103,680 cells (8 generations × machine × firmware × mode
 * × x-igd-opregion × x-igd-gms × x-igd-lpc × x-vga × rom × kernel), in temp files; then loads,
 * plans, estimates and shards them, printing the wall and CPU time of each phase (the main
 * thread's; the whole process's for the total, GC and JIT included) and the heap: used
 * after a full GC with the plan alive, and the peak of the heap pools while planning.
 * Usage: {@code PlanBenchmark IGDLAB_HOME [HOSTS]}.
 */
public final class PlanBenchmark {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PlanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: PlanBenchmark IGDLAB_HOME [HOSTS]   (default HOSTS: 1000)");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        int hosts = args.length == 2 ? Integer.parseInt(args[1]) : 1000;
        run(home, hosts, System.out);
    }

    static void run(Path home, int hostCount, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("igdlab-bench-plan-");
        try {
            Path inventoryFile = inventory(home.resolve("lab-inventory/twin.yaml"), hostCount, dir.resolve("inventory.yaml"));
            Path suiteFile = dir.resolve("suite.yaml");
            Files.writeString(suiteFile, SUITE);
            settle();
            resetPeaks();
            java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long p0 = os.getProcessCpuTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Inventory inventory = InventoryLoader.load(inventoryFile, home.resolve("lab-inventory/artifacts.yaml"));
            Suite suite = SuiteLoader.load(suiteFile);
            Expectations expectations = Expectations.load(home.resolve("scenarios/expectations.yaml"));
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            Durations durations = Durations.fromInventory(inventoryFile);
            Plan plan = Planner.plan(suite, inventory, expectations, durations);
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            Estimate estimate = Estimate.of(plan, inventory.hosts(), durations);
            long t3 = System.nanoTime();
            long c3 = cpu.getCurrentThreadCpuTime();
            Plan shard = new Shard(3, 8).slice(plan, inventory, durations);
            long t4 = System.nanoTime();
            long c4 = cpu.getCurrentThreadCpuTime();
            long p4 = os.getProcessCpuTime();
            long peak = peakHeap();
            settle();
            long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            out.printf(Locale.ROOT, "hosts %d, cells %d planned, %d skipped (suite product %d)%n", inventory.hosts().size(),
                    plan.cells().size(), plan.skipped().size(), suite.size());
            out.printf(Locale.ROOT, "%-34s %8s %8s%n", "phase", "wall s", "cpu s");
            out.printf(Locale.ROOT, "%-34s %8.2f %8.2f%n", "load inventory + suite + oracle", seconds(t1 - t0), seconds(c1 - c0));
            out.printf(Locale.ROOT, "%-34s %8.2f %8.2f%n", "plan (select, schedule, expect)", seconds(t2 - t1), seconds(c2 - c1));
            out.printf(Locale.ROOT, "%-34s %8.2f %8.2f%n", "estimate", seconds(t3 - t2), seconds(c3 - c2));
            out.printf(Locale.ROOT, "%-34s %8.2f %8.2f%n", "shard 3/8 (" + shard.cells().size() + " cells)", seconds(t4 - t3),
                    seconds(c4 - c3));
            out.printf(Locale.ROOT, "%-34s %8.2f %8.2f%n", "total", seconds(t4 - t0), seconds(c4 - c0));
            out.printf(Locale.ROOT, "%-34s %8s %8.2f%n", "  (process CPU: + GC and JIT threads)", "", seconds(p4 - p0));
            out.printf(Locale.ROOT, "heap used after GC, plan alive     %8.1f MiB%n", mib(retained));
            out.printf(Locale.ROOT, "heap peak while planning (pools)   %8.1f MiB (max heap %.0f MiB)%n", mib(peak),
                    mib(Runtime.getRuntime().maxMemory()));
            out.printf(Locale.ROOT, "makespan %s, lower bound %s, ratio %.3f; reboots %d%n",
                    hours(estimate.makespan()), hours(estimate.lowerBound()), estimate.ratio(),
                    estimate.hosts().stream().mapToInt(Estimate.HostLoad::reboots).sum());
            if (plan.cells().isEmpty()) {
                throw new IllegalStateException("the synthetic plan is empty");
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** 8 × 2 × 3 × 2 × 3 × 10 × 3 × 3 × 2 × 2 = 103,680 cells. */
    static final String SUITE = """
            version: 1
            suite: bench
            description: a synthetic full product for the planning benchmark
            coverage: full
            guest: linux
            axes:
              generation: [sandy-bridge, haswell, kaby-lake, coffee-lake, ice-lake, tiger-lake, alder-lake, meteor-lake]
              machine: [pc, q35]
              firmware: [seabios, ovmf, seabios-old]
              mode: [legacy, upt]
              x-igd-opregion: ["on", "off", default]
              x-igd-gms: [default, "0x1", "0x2", "0x10", "0x11", "0x40", "0x41", "0xf0", "0xfe", "0xff"]
              x-igd-lpc: ["on", "off", default]
              x-vga: ["on", "off", default]
              rom: [rombar, none]
              kernel: [default, 6.1.0-lts]
            """;

    /** The twin's hosts copied round-robin to {@code count} hosts; every other copy also has 6.1.0-lts. */
    static Path inventory(Path twin, int count, Path to) throws IOException {
        ObjectNode root = (ObjectNode) YAML.readTree(twin.toFile());
        List<JsonNode> templates = new ArrayList<>();
        root.get("hosts").forEach(templates::add);
        ArrayNode hosts = YAML.createArrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode h = templates.get(i % templates.size()).deepCopy();
            h.put("name", String.format(Locale.ROOT, "h%05d", i));
            h.remove("twin");
            if (i / templates.size() % 2 == 1) {
                ArrayNode kernels = h.putArray("kernels");
                root.path("defaults").path("kernels").forEach(kernels::add);
                kernels.add("6.1.0-lts");
            }
            hosts.add(h);
        }
        root.set("hosts", hosts);
        YAML.writeValue(to.toFile(), root);
        return to;
    }

    private static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String hours(Duration d) {
        return String.format(Locale.ROOT, "%.1f h", d.toSeconds() / 3600.0);
    }
}
