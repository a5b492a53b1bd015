package org.igdlab.runner.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.Suite;
import org.igdlab.runner.scenario.SuiteLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel-grouped, balanced plans, their estimate and its lower bound, and shards. */
class SchedulerTest {

    static final Path TWIN = Path.of("../lab-inventory/twin.yaml");
    static final Path ARTIFACTS = Path.of("../lab-inventory/artifacts.yaml");
    static final Path NIGHTLY = Path.of("../scenarios/suites/nightly.yaml");
    static final Path NIGHTLY_KERNELS = Path.of("src/test/resources/plan/nightly-kernels.yaml");
    static final Path LTS_KERNEL = Path.of("src/test/resources/plan/lts-kernel.yaml");
    static final Durations DURATIONS = new Durations(Duration.ofSeconds(120), Duration.ofSeconds(180), Map.of());

    @TempDir
    Path tmp;

    static Plan plan(Path suite, Inventory inventory) throws Exception {
        return Planner.plan(SuiteLoader.load(suite), inventory, Expectations.load(Path.of("../scenarios/expectations.yaml")),
                DURATIONS);
    }

    static Inventory twin() throws Exception {
        return InventoryLoader.load(TWIN, ARTIFACTS);
    }

    /** The twin fleet with a third kernel, 6.1.0-lts, installed on cfl-02 only. */
    Inventory twinWithLtsOnCfl02() throws Exception {
        String text = Files.readString(TWIN);
        String marker = "  - name: cfl-02\n";
        int at = text.indexOf(marker);
        assertThat(at).as("twin.yaml has cfl-02").isPositive();
        String edited = text.substring(0, at) + marker
                + "    kernels: [6.16.3-igdlab, 6.12.9-igdlab, 6.1.0-lts]\n" + text.substring(at + marker.length());
        Path file = tmp.resolve("twin-lts.yaml");
        Files.writeString(file, edited);
        return InventoryLoader.load(file, ARTIFACTS);
    }

    // --- computed here, independently of Planner and Estimate ---------------------------------

    /** Per host: the kernels its cells need that it does not boot by default. */
    static Map<String, Set<String>> foreignKernels(Plan plan) {
        Map<String, Set<String>> out = new HashMap<>();
        for (PlannedCell c : plan.cells()) {
            String wanted = c.cell().axes().getOrDefault("kernel", "default");
            Set<String> set = out.computeIfAbsent(c.host().name(), h -> new LinkedHashSet<>());
            if (!wanted.equals("default") && !wanted.equals(c.host().kernel())) {
                set.add(wanted);
            }
        }
        return out;
    }

    /**
     * max(all work ÷ all hosts, per generation: (its cells + one reboot per kernel none of its hosts
     * boots) ÷ its hosts), in seconds, with 120 s a cell and 180 s a reboot.
     */
    static double lowerBoundSeconds(Plan plan, Inventory inventory) {
        Map<String, Integer> cells = new HashMap<>();
        Map<String, Set<String>> kernels = new HashMap<>();
        for (PlannedCell c : plan.cells()) {
            String g = c.cell().axes().get("generation");
            cells.merge(g, 1, Integer::sum);
            String k = c.cell().axes().getOrDefault("kernel", "default");
            if (!k.equals("default")) {
                kernels.computeIfAbsent(g, x -> new LinkedHashSet<>()).add(k);
            }
        }
        double total = 0;
        double share = 0;
        for (Map.Entry<String, Integer> e : cells.entrySet()) {
            List<Host> hosts = inventory.hosts().stream().filter(h -> h.generation().id().equals(e.getKey())).toList();
            long reboots = kernels.getOrDefault(e.getKey(), Set.of()).stream()
                    .filter(k -> hosts.stream().noneMatch(h -> h.kernel().equals(k))).count();
            double work = e.getValue() * 120.0 + reboots * 180.0;
            total += work;
            share = Math.max(share, work / hosts.size());
        }
        return Math.max(total / inventory.hosts().size(), share);
    }

    // --- tests ----------------------------------------------------------------------------------

    @Test
    void onTheNightlySuiteAndTheTwinEachHostRebootsOncePerForeignKernelAndTheMakespanIsWithinFivePercentOfTheBound()
            throws Exception {
        for (Path suite : List.of(NIGHTLY, NIGHTLY_KERNELS)) {
            Inventory twin = twin();
            Plan plan = plan(suite, twin);
            Estimate estimate = Estimate.of(plan, twin.hosts(), DURATIONS);

            Map<String, Set<String>> foreign = foreignKernels(plan);
            for (Estimate.HostLoad load : estimate.hosts()) {
                assertThat(load.reboots()).as(suite + " " + load.host())
                        .isEqualTo(foreign.getOrDefault(load.host(), Set.of()).size());
            }
            double bound = lowerBoundSeconds(plan, twin);
            assertThat(estimate.lowerBound().toMillis() / 1000.0).as(suite + " bound").isEqualTo(bound);
            assertThat(estimate.makespan().toMillis() / 1000.0).as(suite + " makespan").isLessThanOrEqualTo(1.05 * bound);
        }
    }

    @Test
    void theNightlyKernelsSuiteBootsTheOtherKernelOnEveryHostExactlyOnceAfterTheDefaultOnes() throws Exception {
        Plan plan = plan(NIGHTLY_KERNELS, twin());

        assertThat(plan.cells()).hasSize(384);
        Map<String, List<String>> sequence = new HashMap<>();
        for (PlannedCell c : plan.cells()) {
            sequence.computeIfAbsent(c.host().name(), h -> new ArrayList<>()).add(c.cell().axes().get("kernel"));
        }
        for (Map.Entry<String, List<String>> e : sequence.entrySet()) {
            List<String> kernels = e.getValue();
            int firstOther = kernels.indexOf("6.12.9-igdlab");
            assertThat(firstOther).as(e.getKey()).isPositive();
            assertThat(kernels.subList(0, firstOther)).as(e.getKey()).containsOnly("default");
            assertThat(kernels.subList(firstOther, kernels.size())).as(e.getKey()).containsOnly("6.12.9-igdlab");
        }
        Estimate estimate = Estimate.of(plan, twin().hosts(), DURATIONS);
        assertThat(estimate.hosts()).extracting(Estimate.HostLoad::reboots).containsOnly(1);
    }

    @Test
    void aKernelNamedCellGoesOnlyToAHostThatHasItAndIsSkippedWhereNoHostOfItsGenerationHasIt() throws Exception {
        Plan plan = plan(LTS_KERNEL, twinWithLtsOnCfl02());

        assertThat(plan.cells()).filteredOn(c -> c.cell().id().contains("kernel-6.1.0-lts"))
                .hasSize(24).allSatisfy(c -> assertThat(c.host().name()).isEqualTo("cfl-02"));
        assertThat(plan.skipped()).hasSize(7 * 24);
        assertThat(plan.skipped()).allSatisfy(s -> assertThat(s.cell().id()).endsWith(".kernel-6.1.0-lts"));
        assertThat(plan.skipped().get(0).reason())
                .isEqualTo("kernel 6.1.0-lts is not installed on any host of generation sandy-bridge"
                        + " (snb-01: [6.16.3-igdlab, 6.12.9-igdlab])");
    }

    @Test
    void aKernelNoHostHasIsRefusedNamingTheAllowedValues() throws Exception {
        assertThatThrownBy(() -> plan(LTS_KERNEL, twin()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kernel (6.1.0-lts) is not installed on any host of inventory")
                .hasMessageContaining("allowed values: [default, 4.4.302-igdlab, 6.12.9-igdlab, 6.16.3-igdlab]");
    }

    @Test
    void cellIdsLeaveTheKernelOutAtItsDefault() throws Exception {
        Plan plan = plan(NIGHTLY_KERNELS, twin());

        assertThat(plan.cells()).extracting(c -> c.cell().id())
                .contains("kaby-lake.pc.seabios.legacy.opregion-default",
                        "kaby-lake.pc.seabios.legacy.opregion-default.kernel-6.12.9-igdlab");
    }

    @Test
    void theSameInputsGiveTheSameSchedule() throws Exception {
        assertThat(plan(NIGHTLY_KERNELS, twin())).isEqualTo(plan(NIGHTLY_KERNELS, twin()));
    }

    @Test
    void measuredCellsAreBalancedByTheirLengthNotByTheirCount() throws Exception {
        Plan even = plan(NIGHTLY, twin());
        // the scheduler balances a generation's IGD cells; each host's control cells come on top, two per host
        List<String> coffee = even.cells().stream().filter(c -> c.cell().generation().id().equals("coffee-lake"))
                .filter(c -> !c.cell().isControl()).map(c -> c.cell().id()).toList();
        // One coffee-lake cell takes as long as twelve others.
        Map<String, Duration> measured = Map.of(coffee.get(0), Duration.ofSeconds(120 * 12));
        Durations durations = new Durations(Duration.ofSeconds(120), Duration.ofSeconds(180), measured);
        Plan plan = Planner.plan(SuiteLoader.load(NIGHTLY), twin(), Expectations.load(Path.of("../scenarios/expectations.yaml")),
                durations);

        String longHost = plan.cells().stream().filter(c -> c.cell().id().equals(coffee.get(0))).findFirst().orElseThrow()
                .host().name();
        long onLongHost = plan.cells().stream().filter(c -> c.host().name().equals(longHost))
                .filter(c -> !c.cell().isControl()).count();
        // 35 units over two hosts: the long cell and 6 short ones (18 units), 17 short ones (17);
        // blind round-robin would have put 12 cells, 23 units, on the long cell's host.
        assertThat(onLongHost).isEqualTo(7);
        Estimate e = Estimate.of(plan, twin().hosts(), durations);
        // the busiest hosts are the one-host generations: 24 cells and 2 control cells
        assertThat(e.makespan()).isEqualTo(Duration.ofSeconds(120 * 26));
    }

    @Test
    void theShardsOfAPlanAreDisjointKeepAGenerationsHostsTogetherAndTogetherAreTheWholePlan() throws Exception {
        Inventory twin = twin();
        Plan whole = plan(NIGHTLY_KERNELS, twin);
        for (int n = 1; n <= 10; n++) {
            Set<String> cells = new LinkedHashSet<>();
            Set<String> skipped = new LinkedHashSet<>();
            Set<String> hosts = new LinkedHashSet<>();
            int total = 0;
            for (int k = 1; k <= n; k++) {
                Shard shard = new Shard(k, n);
                Plan part = shard.slice(whole, twin, DURATIONS);
                total += part.cells().size() + part.skipped().size();
                part.cells().forEach(c -> cells.add(c.cell().id()));
                part.skipped().forEach(s -> skipped.add(s.cell().id()));
                List<Host> mine = shard.hosts(whole, twin, DURATIONS);
                for (Host h : mine) {
                    assertThat(hosts.add(h.name())).as("host " + h.name() + " in two shards of " + n).isTrue();
                    assertThat(mine).as("shard " + shard + " keeps every " + h.generation().id() + " host")
                            .containsAll(twin.hostsOf(h.generation()));
                }
                assertThat(part.cells()).allSatisfy(c -> assertThat(mine).contains(c.host()));
            }
            assertThat(total).as("no cell in two shards of " + n).isEqualTo(cells.size() + skipped.size());
            assertThat(cells).as("shards of " + n).containsExactlyInAnyOrderElementsOf(
                    whole.cells().stream().map(c -> c.cell().id()).toList());
            assertThat(hosts).hasSize(twin.hosts().size());
        }
    }

    @Test
    void theSameShardIsTheSameSliceEveryTime() throws Exception {
        Plan whole = plan(NIGHTLY, twin());
        assertThat(new Shard(2, 3).slice(whole, twin(), DURATIONS)).isEqualTo(new Shard(2, 3).slice(whole, twin(), DURATIONS));
    }

    @Test
    void aBadShardIsRefusedNamingTheExpectedForm() {
        for (String bad : List.of("0/4", "5/4", "1/0", "x", "1/", "-1/2", "2")) {
            assertThatThrownBy(() -> Shard.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected K/N with 1 ≤ K ≤ N, e.g. 1/4");
        }
        assertThat(Shard.parse("3/4")).isEqualTo(new Shard(3, 4));
    }

    @Test
    void durationsComeFromTheInventorysBlockOrTheDefaults() throws Exception {
        Path inv = tmp.resolve("inv.yaml");
        Files.writeString(inv, Files.readString(TWIN) + "durations: {cell: 45, reboot: 90}\n");
        InventoryLoader.load(inv, ARTIFACTS);   // the loader accepts the block

        Durations d = Durations.fromInventory(inv);
        assertThat(d.cell()).isEqualTo(Duration.ofSeconds(45));
        assertThat(d.reboot()).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.fromInventory(TWIN)).isEqualTo(Durations.defaults());

        Files.writeString(inv, Files.readString(TWIN) + "durations: {cell: 0}\n");
        assertThatThrownBy(() -> Durations.fromInventory(inv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cell seconds, 1..86400");
    }

    @Test
    void measuredDurationsLeaveOutTheRebootStepAndTakeTheRebootFigureFromIt() throws Exception {
        Path results = Files.createDirectories(tmp.resolve("run/allure-results"));
        Files.writeString(results.resolve("a-result.json"), """
                {"fullName": "k.kaby-lake.q35.ovmf.upt.kernel-6.12.9-igdlab", "status": "passed", "start": 1765100000000, "stop": 1765100100000,
                 "labels": [{"name": "suite", "value": "k"}],
                 "steps": [{"name": "reboot into kernel 6.12.9-igdlab", "start": 1765100001000, "stop": 1765100061000}]}
                """);
        Files.writeString(results.resolve("b-result.json"), """
                {"fullName": "k.kaby-lake.q35.ovmf.upt", "status": "skipped", "start": 1765100000000, "stop": 1765100005000,
                 "labels": [{"name": "suite", "value": "k"}]}
                """);

        Durations d = DURATIONS.measuredIn(tmp.resolve("run"));

        assertThat(d.perCell()).containsOnlyKeys("kaby-lake.q35.ovmf.upt.kernel-6.12.9-igdlab");
        assertThat(d.perCell().get("kaby-lake.q35.ovmf.upt.kernel-6.12.9-igdlab")).isEqualTo(Duration.ofSeconds(40));
        assertThat(d.reboot()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.cell()).isEqualTo(DURATIONS.cell());
        assertThatThrownBy(() -> DURATIONS.measuredIn(tmp)).hasMessageContaining("no allure-results directory");
    }
}
