package org.igdlab.runner.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.igdlab.runner.qemu.CellPaths;
import org.igdlab.runner.qemu.QemuCommandLine;
import org.igdlab.runner.scenario.Expectations;
import org.igdlab.runner.scenario.SuiteLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner and the command line with the suite axis {@code qemu}. */
class QemuAxisPlannerTest {

    @TempDir
    Path tmp;

    private Plan plan(String qemuValues, Inventory inventory) throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, """
                version: 1
                suite: s
                guest: linux
                axes:
                  generation: [coffee-lake, haswell]
                  machine: [pc]
                  firmware: [seabios]
                  mode: [upt]
                  qemu: %s
                """.formatted(qemuValues));
        return Planner.plan(SuiteLoader.load(f), inventory, Expectations.load(Path.of("../scenarios/expectations.yaml")));
    }

    private static Inventory twin() throws Exception {
        return InventoryLoader.load(SchedulerTest.TWIN, SchedulerTest.ARTIFACTS);
    }

    /** The twin fleet where cfl-01 has only its default build: of Coffee Lake, only cfl-02 has qemu-9.2.4. */
    private Inventory twinWith924OnCfl02Only() throws Exception {
        String text = Files.readString(SchedulerTest.TWIN);
        String marker = "  - name: cfl-01\n";
        int at = text.indexOf(marker);
        assertThat(at).as("twin.yaml has cfl-01").isPositive();
        String edited = text.substring(0, at) + marker + """
                    installed:
                      qemu-10.1.2: /usr/bin/qemu-system-x86_64
                      seabios-1.17.0: /usr/share/seabios/bios.bin
                      guest-linux-debian13: /var/lib/igdlab/images/debian13-igdlab.qcow2
                """ + text.substring(at + marker.length());
        Path file = tmp.resolve("twin-924.yaml");
        Files.writeString(file, edited);
        return InventoryLoader.load(file, SchedulerTest.ARTIFACTS);
    }

    @Test
    void aCellNamingABuildGoesOnlyToAHostThatHasItInstalled() throws Exception {
        Plan plan = plan("[qemu-9.2.4, default, qemu-10.0.3]", twinWith924OnCfl02Only());
        assertThat(plan.cells()).filteredOn(c -> c.cell().id().startsWith("coffee-lake.") && c.cell().id().endsWith(".qemu-9.2.4"))
                .singleElement().satisfies(c -> assertThat(c.host().name()).isEqualTo("cfl-02"));
        // the default and qemu-10.0.3 cells may go to either host; each host that runs one has its build
        assertThat(plan.cells()).filteredOn(c -> c.cell().qemu().isPresent())
                .allSatisfy(c -> assertThat(c.host().installed()).containsKey(c.cell().qemu().get()));
        assertThat(plan.skipped()).filteredOn(s -> s.cell().id().startsWith("coffee-lake.")).isEmpty();
    }

    @Test
    void aBuildNoHostOfTheGenerationHasSkipsTheCellSayingWhy() throws Exception {
        Plan plan = plan("[default, qemu-8.2.7]", twin());
        assertThat(plan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.cell().id()).isEqualTo("haswell.pc.seabios.upt.qemu-8.2.7");
            assertThat(s.reason()).isEqualTo("no host of haswell has qemu-8.2.7 installed "
                    + "(hsw-01: [qemu-10.1.2, qemu-10.2.0, qemu-10.0.3, qemu-9.2.4])");
        });
        assertThat(plan.cells()).extracting(c -> c.cell().id())
                .contains("coffee-lake.pc.seabios.upt.qemu-8.2.7", "haswell.pc.seabios.upt");
    }

    @Test
    void aBuildThatIsNotAQemuArtifactOfTheCatalogueIsAnInputErrorNamingTheAllowedValues() {
        assertThatThrownBy(() -> plan("[qemu-6.6.6]", twin())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qemu (qemu-6.6.6) is not a qemu artifact of the artifacts catalogue")
                .hasMessageContaining("allowed values: [default, qemu-10.1.2, qemu-10.2.0, qemu-10.0.3, qemu-9.2.4, qemu-8.2.7, qemu-5.0.1]");
        assertThatThrownBy(() -> plan("[seabios-1.17.0]", twin())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qemu (seabios-1.17.0) is not a qemu artifact");
    }

    @Test
    void theCommandLineRunsTheCellsBuildAndTheHostsFirstBuildByDefault() throws Exception {
        Plan plan = plan("[default, qemu-9.2.4]", twin());
        CellPaths paths = new CellPaths("/var/lib/igdlab/cells/x");
        for (PlannedCell c : plan.cells()) {
            if (c.cell().isControl()) {
                continue;
            }
            List<String> argv = QemuCommandLine.build(c.cell(), c.host(), paths);
            assertThat(argv.get(0)).as(c.cell().id()).isEqualTo(c.cell().qemu().isPresent()
                    ? "/usr/local/qemu-9.2.4/bin/qemu-system-x86_64" : "/usr/bin/qemu-system-x86_64");
        }
    }

    @Test
    void aPlannedCellRefusesAHostWithoutItsBuild() throws Exception {
        Plan plan = plan("[qemu-8.2.7]", twin());
        PlannedCell cfl = plan.cells().stream().filter(c -> c.cell().id().startsWith("coffee-lake.")).findFirst().orElseThrow();
        var hsw = twin().host("hsw-01").orElseThrow();
        var cell = org.igdlab.runner.scenario.Cell.of(new java.util.LinkedHashMap<>(java.util.Map.of("generation", "haswell",
                "machine", "pc", "firmware", "seabios", "mode", "upt", "qemu", "qemu-8.2.7")), "linux");
        assertThatThrownBy(() -> new PlannedCell(cell, hsw, cfl.expectation()))
                .hasMessageContaining("needs qemu build qemu-8.2.7, which host hsw-01 has not installed");
    }
}
