package org.igdlab.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.plan.Plan;
import org.igdlab.runner.plan.Planner;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.SuiteLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's synthesised fleet and suite, read back by the runner's own loaders and planner. */
class BenchFleetTest {

    private static final Path HOME = Path.of(System.getProperty("igdlab.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private Plan plan(BenchFleet fleet, int cellsPerHost) throws Exception {
        Path suite = tmp.resolve("suite.yaml");
        fleet.writeSuite(suite, "bench-test", cellsPerHost);
        Inventory inventory = InventoryLoader.load(fleet.twinYaml(), HOME.resolve("lab-inventory/artifacts.yaml"));
        return Planner.plan(SuiteLoader.load(suite), inventory, Expectations.load(HOME.resolve("scenarios/expectations.yaml")));
    }

    @Test
    void twoHundredHostsEachGetExactlyOneCell() throws Exception {
        BenchFleet fleet = BenchFleet.synthesise(HOME.resolve("lab-inventory/twin.yaml"), tmp.resolve("twin.yaml"), 200,
                Optional.empty());

        Plan plan = plan(fleet, 1);

        Inventory inventory = InventoryLoader.load(fleet.twinYaml(), HOME.resolve("lab-inventory/artifacts.yaml"));
        assertThat(inventory.hosts()).hasSize(200);
        assertThat(inventory.hosts().stream().map(Host::name).distinct()).hasSize(200);
        Map<String, Long> cellsPerHost = plan.cells().stream()
                .collect(Collectors.groupingBy(c -> c.host().name(), Collectors.counting()));
        assertThat(cellsPerHost).hasSize(200).allSatisfy((host, cells) -> assertThat(cells).as(host).isEqualTo(1L));
    }

    @Test
    void copiesOnlyFaultFreeHostsOneOfEachGeneration() throws Exception {
        BenchFleet fleet = BenchFleet.synthesise(HOME.resolve("lab-inventory/twin.yaml"), tmp.resolve("twin.yaml"), 16,
                Optional.empty());

        Inventory inventory = InventoryLoader.load(fleet.twinYaml(), HOME.resolve("lab-inventory/artifacts.yaml"));
        // twin.yaml's cfl-02 carries a seeded firmware fault: no copy of it may take part
        assertThat(inventory.hosts()).extracting(Host::name).noneMatch(n -> n.startsWith("cfl-02"));
        assertThat(fleet.hostsByGeneration()).hasSize(8).allSatisfy((gen, n) -> assertThat(n).as(gen).isEqualTo(2));
    }

    @Test
    void oneHostOfAGenerationRunsAllTheCellsAskedFor() throws Exception {
        BenchFleet fleet = BenchFleet.synthesise(HOME.resolve("lab-inventory/twin.yaml"), tmp.resolve("twin.yaml"), 1,
                Optional.of("coffee-lake"));

        Plan plan = plan(fleet, 24);

        assertThat(plan.cells()).hasSize(24)
                .allSatisfy(c -> assertThat(c.host().name()).isEqualTo("cfl-01-001"))
                .allSatisfy(c -> assertThat(c.expectation().rules()).isNotEmpty());
        assertThat(plan.cells().stream().map(c -> c.cell().id()).collect(Collectors.toMap(Function.identity(), id -> 1)))
                .hasSize(24);
    }

    @Test
    void refusesMoreHostsThanItCanGiveACellEach() {
        int most = BenchFleet.CELLS_PER_GENERATION * 8;
        assertThatThrownBy(() -> BenchFleet.synthesise(HOME.resolve("lab-inventory/twin.yaml"), tmp.resolve("twin.yaml"),
                most + 1, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hosts (" + (most + 1) + ")").hasMessageContaining("at most " + most);
    }

    @Test
    void refusesAGenerationTheFleetDoesNotHave() {
        assertThatThrownBy(() -> BenchFleet.synthesise(HOME.resolve("lab-inventory/twin.yaml"), tmp.resolve("twin.yaml"), 1,
                Optional.of("broadwell")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broadwell");
    }
}
