package org.igdlab.runner.plan;

import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.QemuOutcome;
import org.igdlab.runner.scenario.Suite;
import org.igdlab.runner.scenario.SuiteLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class PlannerTest {

    static final Path ARTIFACTS = Path.of("../lab-inventory/artifacts.yaml");

    private static Plan plan(String inventory) throws Exception {
        Suite suite = SuiteLoader.load(Path.of("../scenarios/suites/nightly.yaml"));
        Inventory inv = InventoryLoader.load(Path.of("../lab-inventory/" + inventory), ARTIFACTS);
        return Planner.plan(suite, inv, Expectations.load(Path.of("../scenarios/expectations.yaml")));
    }

    @Test
    void plansEveryNightlyCellOnTheTwinWithAnExpectation() throws Exception {
        Plan plan = plan("twin.yaml");

        assertThat(plan.suite()).isEqualTo("nightly");
        assertThat(product(plan)).hasSize(192);
        assertThat(plan.cells()).hasSize(192 + 9 * 2);
        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.cells()).allSatisfy(c -> assertThat(c.host().generation()).isEqualTo(c.cell().generation()));
    }

    @Test
    void sharesAGenerationsCellsEvenlyAmongItsHosts() throws Exception {
        List<String> coffeeHosts = plan("twin.yaml").cells().stream()
                .filter(c -> c.cell().id().startsWith("coffee-lake."))
                .map(c -> c.host().name()).toList();

        assertThat(coffeeHosts).hasSize(24);
        assertThat(coffeeHosts).filteredOn("cfl-01"::equals).hasSize(12);
        assertThat(coffeeHosts).filteredOn("cfl-02"::equals).hasSize(12);
    }

    @Test
    void skipsCellsOfAGenerationWithoutHostsSayingWhy() throws Exception {
        Plan plan = plan("hosts.yaml");

        assertThat(product(plan)).hasSize(48);
        assertThat(plan.cells()).hasSize(48 + 2 * 2);
        assertThat(plan.cells()).extracting(c -> c.host().name()).containsOnly("kbl-nuc7-01", "adl-s-01");
        assertThat(plan.skipped()).hasSize(144);
        assertThat(plan.skipped().get(0).reason())
                .isEqualTo("no host of generation sandy-bridge in inventory ../lab-inventory/hosts.yaml");
    }

    @Test
    void theSameInputsGiveTheSamePlan() throws Exception {
        assertThat(plan("twin.yaml")).isEqualTo(plan("twin.yaml"));
    }

    @Test
    void theNightlyPlanIsUnchangedByTheNewAxes() throws Exception {
        Plan plan = plan("twin.yaml");

        assertThat(plan.coverage()).isEqualTo("full");
        assertThat(plan.productSize()).isEqualTo(192);
        assertThat(plan.constraints()).isEmpty();
        assertThat(product(plan)).allSatisfy(c -> assertThat(c.cell().id()).matches(
                "^[a-z-]+\\.(pc|q35)\\.(seabios|ovmf)\\.(legacy|upt)\\.opregion-(on|off|default)$"));
    }

    @Test
    void eachHostRunsTheSuitesControlCellsBeforeItsOwnCells() throws Exception {
        Plan plan = plan("twin.yaml");
        List<PlannedCell> cells = plan.cells();

        for (String host : cells.stream().map(c -> c.host().name()).distinct().toList()) {
            List<PlannedCell> mine = cells.stream().filter(c -> c.host().name().equals(host)).toList();
            assertThat(mine.subList(0, 2)).as(host).extracting(c -> c.cell().id())
                    .containsExactly("control." + host + ".pc.seabios", "control." + host + ".q35.ovmf");
            assertThat(mine.subList(2, mine.size())).as(host).noneMatch(c -> c.cell().isControl());
        }
        PlannedCell control = cells.stream().filter(c -> c.cell().id().equals("control.cfl-02.q35.ovmf"))
                .findFirst().orElseThrow();
        assertThat(control.cell().axes()).containsExactly(entry("generation", "coffee-lake"), entry("machine", "q35"),
                entry("firmware", "ovmf"));
        assertThat(control.cell().guestBdf()).isEqualTo("00:02.0");
        assertThat(control.expectation().rules()).containsExactly("control");
        assertThat(control.expectation().qemu()).isInstanceOf(QemuOutcome.Starts.class);
    }

    @Test
    void aSuiteVaryingTheGuestChecksEachGuestImageWithItsOwnControlCell() throws Exception {
        Suite suite = SuiteLoader.load(Path.of("../scenarios/suites/guests.yaml"));
        Inventory inv = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), ARTIFACTS);

        Plan plan = Planner.plan(suite, inv, Expectations.load(Path.of("../scenarios/expectations.yaml")));

        List<PlannedCell> kbl = plan.cells().stream().filter(c -> c.host().name().equals("kbl-01")).toList();
        assertThat(kbl.subList(0, 2)).extracting(c -> c.cell().id(), c -> c.cell().guest())
                .containsExactly(tuple("control.kbl-01.pc.seabios", "linux"), tuple("control.kbl-01.pc.seabios.guest-windows", "windows"));
        assertThat(kbl.subList(2, kbl.size())).noneMatch(c -> c.cell().isControl());
        assertThat(product(plan)).hasSize(96);
        assertThat(product(plan)).filteredOn(c -> c.cell().guest().equals("windows")).hasSize(48)
                .allSatisfy(c -> assertThat(c.cell().id()).endsWith(".guest-windows"));
    }

    @Test
    void aSuiteWithoutAControlBlockPlansNoControlCells() throws Exception {
        Suite nightly = SuiteLoader.load(Path.of("../scenarios/suites/nightly.yaml"));
        Suite without = new Suite(nightly.name(), nightly.description(), nightly.coverage(), nightly.guest(), nightly.axes(),
                nightly.constraints(), nightly.alwaysInclude(), nightly.seed());
        Inventory inv = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), ARTIFACTS);

        Plan plan = Planner.plan(without, inv, Expectations.load(Path.of("../scenarios/expectations.yaml")));

        assertThat(plan.cells()).hasSize(192).noneMatch(c -> c.cell().isControl());
    }

    private static List<PlannedCell> product(Plan plan) {
        return plan.cells().stream().filter(c -> !c.cell().isControl()).toList();
    }

    @Test
    void plansTheReleaseSuiteOnTheTwinWithItsCoverageAndConstraints() throws Exception {
        Suite suite = SuiteLoader.load(Path.of("../scenarios/suites/release.yaml"));
        Inventory inv = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), ARTIFACTS);

        Plan plan = Planner.plan(suite, inv, Expectations.load(Path.of("../scenarios/expectations.yaml")));

        assertThat(plan.suite()).isEqualTo("release");
        assertThat(plan.coverage()).isEqualTo("pairwise (seed 1)");
        assertThat(plan.cells()).hasSizeGreaterThanOrEqualTo(48).hasSizeLessThan(100);
        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.constraints()).extracting(x -> x.id()).containsExactly("romfile-efi-needs-ovmf");
        assertThat(plan.cells()).anyMatch(c -> c.expectation().qemu() instanceof org.igdlab.runner.scenario.QemuOutcome.Refuses);
    }
}
