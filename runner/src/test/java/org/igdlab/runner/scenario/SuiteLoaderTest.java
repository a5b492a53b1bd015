package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.Generation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteLoaderTest {

    static final Path NIGHTLY = Path.of("../scenarios/suites/nightly.yaml");

    @TempDir
    Path dir;

    @Test
    void nightlyExpandsToTheFullProductOf192Cells() throws Exception {
        Suite suite = SuiteLoader.load(NIGHTLY);

        assertThat(suite.name()).isEqualTo("nightly");
        assertThat(suite.coverage()).isEqualTo(Coverage.FULL);
        assertThat(suite.guest()).isEqualTo("linux");
        assertThat(suite.axes().keySet()).containsExactly("generation", "machine", "firmware", "mode", "x-igd-opregion");
        assertThat(suite.axes().get("x-igd-opregion")).containsExactly("on", "off", "default");
        List<Cell> cells = suite.cells();
        assertThat(cells).hasSize(8 * 2 * 2 * 2 * 3).hasSize(suite.size());
        assertThat(new HashSet<>(cells.stream().map(Cell::id).toList())).hasSize(192);
        assertThat(cells).allSatisfy(c -> assertThat(c.id()).matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"));
        assertThat(cells.get(0).id()).isEqualTo("sandy-bridge.pc.seabios.legacy.opregion-on");
        assertThat(cells.get(191).id()).isEqualTo("meteor-lake.q35.ovmf.upt.opregion-default");
    }

    @Test
    void aCellReadsLikeItsAxesAndKnowsItsGuestAddress() throws Exception {
        Cell cell = SuiteLoader.load(NIGHTLY).cells().stream()
                .filter(c -> c.id().equals("coffee-lake.pc.seabios.legacy.opregion-default")).findFirst().orElseThrow();

        assertThat(cell.displayName()).isEqualTo("coffee-lake · pc · seabios · legacy · x-igd-opregion=default");
        assertThat(cell.generation()).isEqualTo(Generation.COFFEE_LAKE);
        assertThat(cell.axis("firmware")).isEqualTo("seabios");
        assertThat(cell.guestBdf()).isEqualTo("00:02.0");
        assertThat(cell.guest()).isEqualTo("linux");
    }

    @Test
    void acceptsBareOnOffAsYamlBooleans() throws Exception {
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
                  x-igd-opregion: [on, off]
                """);
        assertThat(SuiteLoader.load(f).axes().get("x-igd-opregion")).containsExactly("on", "off");
    }

    @Test
    void refusesAnUnknownAxisValueNamingTheAllowedOnes() throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                version: 1
                suite: s
                guest: linux
                axes:
                  generation: [coffee-lake]
                  machine: [pc, i440fx]
                  firmware: [seabios]
                  mode: [upt]
                """);
        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessage(f + ":6:17: axes.machine[1]: expected one of [pc, q35], found 'i440fx'");
    }

    @Test
    void refusesAnUnknownAxisAtItsKey() throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                version: 1
                suite: s
                guest: linux
                axes:
                  generation: [coffee-lake]
                  x-igd-gms: [1]
                """);
        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(f + ":6:3: axes.x-igd-gms: expected one of [generation, machine,")
                .hasMessageEndingWith("found unknown axis 'x-igd-gms'");
    }
}
