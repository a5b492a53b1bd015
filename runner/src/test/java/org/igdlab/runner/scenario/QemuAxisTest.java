package org.igdlab.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite axis {@code qemu}: syntax, cell ids, and which build a cell runs on a host ({@link QemuBuild}). */
class QemuAxisTest {

    @TempDir
    Path dir;

    private Suite suite(String qemuValues) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                version: 1
                suite: s
                guest: linux
                axes:
                  generation: [coffee-lake]
                  machine: [pc]
                  firmware: [seabios]
                  mode: [upt]
                  qemu: %s
                """.formatted(qemuValues));
        return SuiteLoader.load(f);
    }

    private static Inventory twin() throws Exception {
        return InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
    }

    @Test
    void aQemuAxisAtItsDefaultLeavesTheCellIdAsItWasAndANamedBuildEndsIt() throws Exception {
        List<Cell> cells = suite("[default, qemu-9.2.4]").cells();
        assertThat(cells).extracting(Cell::id).containsExactly("coffee-lake.pc.seabios.upt", "coffee-lake.pc.seabios.upt.qemu-9.2.4");
        assertThat(cells.get(0).qemu()).isEmpty();
        assertThat(cells.get(1).qemu()).contains("qemu-9.2.4");
        assertThat(cells.get(1).displayName()).endsWith("qemu=qemu-9.2.4");
    }

    @Test
    void aSuiteNamesEachBuildItVariesAndNotDefault() throws Exception {
        assertThat(suite("[qemu-10.0.3, default, qemu-8.2.7]").qemuBuilds()).containsExactly("qemu-10.0.3", "qemu-8.2.7");
    }

    @Test
    void refusesABuildNameThatCouldNotBeAnArtifactNamingWhatIsAllowed() {
        assertThatThrownBy(() -> suite("[default, \"qemu 9;rm\"]")).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("axes.qemu[1]: expected default or the name of a qemu artifact of artifacts.yaml (e.g. qemu-9.2.4)")
                .hasMessageContaining("found 'qemu 9;rm'");
    }

    @Test
    void aDefaultCellRunsTheHostsFirstQemuBuildAndANamedCellExactlyItsBuild() throws Exception {
        Host cfl = twin().host("cfl-01").orElseThrow();
        List<Cell> cells = suite("[default, qemu-8.2.7]").cells();
        assertThat(QemuBuild.of(cells.get(0), cfl)).get().satisfies(i -> {
            assertThat(i.artifact().name()).isEqualTo("qemu-10.1.2");
            assertThat(i.path()).isEqualTo("/usr/bin/qemu-system-x86_64");
        });
        assertThat(QemuBuild.band(cells.get(0), cfl)).contains(QemuBand.D);
        assertThat(QemuBuild.of(cells.get(1), cfl)).get().satisfies(i -> {
            assertThat(i.artifact().version()).isEqualTo("8.2.7");
            assertThat(i.path()).isEqualTo("/usr/local/qemu-8.2.7/bin/qemu-system-x86_64");
        });
        assertThat(QemuBuild.band(cells.get(1), cfl)).contains(QemuBand.A);
    }

    @Test
    void aHostWithoutTheNamedBuildHasNoneAndSaysSoWhenOneIsRequired() throws Exception {
        Host hsw = twin().host("hsw-01").orElseThrow();
        Cell cell = Cell.of(new java.util.LinkedHashMap<>(java.util.Map.of("generation", "haswell", "machine", "pc",
                "firmware", "seabios", "mode", "upt", "qemu", "qemu-8.2.7")), "linux");
        assertThat(QemuBuild.of(cell, hsw)).isEmpty();
        assertThat(QemuBuild.band(cell, hsw)).isEmpty();
        assertThatThrownBy(() -> QemuBuild.required(cell, hsw)).hasMessageContaining("host hsw-01 has no installed qemu build qemu-8.2.7")
                .hasMessageContaining("installed: [qemu-10.1.2");
    }

    @Test
    void aNamedArtifactOfAnotherKindIsNoQemuBuild() throws Exception {
        Host cfl = twin().host("cfl-01").orElseThrow();
        Cell cell = Cell.of(new java.util.LinkedHashMap<>(java.util.Map.of("generation", "coffee-lake", "machine", "pc",
                "firmware", "seabios", "mode", "upt", "qemu", "seabios-1.17.0")), "linux");
        assertThat(QemuBuild.of(cell, cfl)).isEmpty();
    }

    @Test
    void bandsFollowTheReleaseTableOfIgdModel() {
        // igd-model.md bands table / §2.10: A 2.7–9.1, B 9.2, C 10.0, D 10.1, E 10.2 and later; nothing before 2.7
        assertThat(QemuBand.of("2.6.2")).isEmpty();
        assertThat(QemuBand.of("2.7.0")).contains(QemuBand.A);
        assertThat(QemuBand.of("5.0.1")).contains(QemuBand.A);
        assertThat(QemuBand.of("9.1.3")).contains(QemuBand.A);
        assertThat(QemuBand.of("9.2.0")).contains(QemuBand.B);
        assertThat(QemuBand.of("9.2.4-igdlab")).contains(QemuBand.B);
        assertThat(QemuBand.of("10.0.3")).contains(QemuBand.C);
        assertThat(QemuBand.of("10.1")).contains(QemuBand.D);
        assertThat(QemuBand.of("10.2.0")).contains(QemuBand.E);
        assertThat(QemuBand.of("11.0.0")).contains(QemuBand.E);
        assertThat(QemuBand.of("master")).isEmpty();
    }
}
