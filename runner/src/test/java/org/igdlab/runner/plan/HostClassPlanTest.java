package org.igdlab.runner.plan;

import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.Suite;
import org.igdlab.runner.scenario.SuiteLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The host class is bound to hosts like the generation (the inventory's igd class). */
class HostClassPlanTest {

    static Inventory twin;
    static Expectations oracle;
    static final List<String> DISPLAY_HOSTS = List.of("cfl-dgpu-01", "tgl-dgpu-01");

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
        oracle = Expectations.load(Path.of("../scenarios/expectations.yaml"));
    }

    static Plan plan(Path suite) throws Exception {
        return Planner.plan(SuiteLoader.load(suite), twin, oracle);
    }

    @Test
    void aSuiteThatDoesNotVaryHostClassKeepsOffTheDisplayClassHosts() throws Exception {
        for (String suite : List.of("nightly", "release")) {
            Plan plan = plan(Path.of("../scenarios/suites/" + suite + ".yaml"));

            assertThat(plan.cells()).as(suite).extracting(c -> c.host().name()).doesNotContainAnyElementsOf(DISPLAY_HOSTS);
            assertThat(plan.skipped()).as(suite).noneMatch(s -> s.reason().contains("host-class"));
        }
        assertThat(plan(Path.of("../scenarios/suites/nightly.yaml")).cells()).hasSize(210);
    }

    @Test
    void displayClassCellsGoOnlyToDisplayClassHostsAndVgaCellsNever() throws Exception {
        Plan plan = plan(Path.of("../scenarios/suites/host-axes.yaml"));

        List<PlannedCell> product = plan.cells().stream().filter(c -> !c.cell().isControl()).toList();
        assertThat(product).filteredOn(c -> c.cell().axis("host-class").equals("display"))
                .isNotEmpty().allSatisfy(c -> assertThat(DISPLAY_HOSTS).contains(c.host().name()));
        assertThat(product).filteredOn(c -> c.cell().axis("host-class").equals("vga"))
                .isNotEmpty().allSatisfy(c -> assertThat(DISPLAY_HOSTS).doesNotContain(c.host().name()));
        assertThat(product).filteredOn(c -> c.cell().axis("kernel").equals("4.4.302-igdlab"))
                .isNotEmpty().allSatisfy(c -> assertThat(c.host().name()).isEqualTo("hsw-01"));
    }

    @Test
    void aHostClassNoHostOfTheGenerationHasIsSkippedNamingTheHostsClasses() throws Exception {
        Path suite = dir.resolve("s.yaml");
        Files.writeString(suite, """
                version: 1
                suite: s
                coverage: full
                guest: linux
                axes:
                  generation: [haswell]
                  machine: [q35]
                  firmware: [seabios]
                  mode: [upt]
                  host-class: [vga, display]
                """);

        Plan plan = plan(suite);

        assertThat(plan.cells()).filteredOn(c -> !c.cell().isControl()).extracting(c -> c.cell().id())
                .containsExactly("haswell.q35.seabios.upt");
        assertThat(plan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.cell().id()).isEqualTo("haswell.q35.seabios.upt.host-class-display");
            assertThat(s.reason()).isEqualTo("no host of generation haswell with host-class display (IGD class 0380xx) in inventory "
                    + "../lab-inventory/twin.yaml (hsw-01: class 030000)");
        });
    }
}
