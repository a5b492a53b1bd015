package org.igdlab.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.igdlab.runner.inventory.Generation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite language's {@code control:} block, and the control cells it stands for. */
class SuiteControlBlockTest {

    private static final String HEAD = """
            version: 1
            suite: s
            guest: linux
            axes:
              generation: [coffee-lake]
              machine: [pc]
              firmware: [seabios]
              mode: [upt]
            """;

    @TempDir
    Path dir;

    private Path suite(String control) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, HEAD + control);
        return f;
    }

    @Test
    void aMappingOfMachinesAndFirmwaresMeansEveryMachineWithEveryFirmware() throws Exception {
        Suite s = SuiteLoader.load(suite("control: {machine: [pc, q35], firmware: [seabios, ovmf]}\n"));

        assertThat(s.control()).containsExactly(new ControlSpec("pc", "seabios"), new ControlSpec("pc", "ovmf"),
                new ControlSpec("q35", "seabios"), new ControlSpec("q35", "ovmf"));
    }

    @Test
    void aListNamesExactlyTheseConfigurationsEvenOnesTheAxesDoNotVary() throws Exception {
        Suite s = SuiteLoader.load(suite("""
                control:
                  - {machine: q35, firmware: ovmf}
                  - {machine: pc, firmware: seabios}
                """));

        assertThat(s.control()).containsExactly(new ControlSpec("q35", "ovmf"), new ControlSpec("pc", "seabios"));
        assertThat(s.cells()).noneMatch(Cell::isControl);
    }

    @Test
    void aSuiteWithoutTheBlockHasNoControlConfigurations() throws Exception {
        assertThat(SuiteLoader.load(suite("")).control()).isEmpty();
    }

    @Test
    void theNightlyAndReleaseSuitesDeclareControlCells() throws Exception {
        assertThat(SuiteLoader.load(Path.of("../scenarios/suites/nightly.yaml")).control())
                .containsExactly(new ControlSpec("pc", "seabios"), new ControlSpec("q35", "ovmf"));
        assertThat(SuiteLoader.load(Path.of("../scenarios/suites/release.yaml")).control()).hasSize(4);
    }

    @Test
    void refusesAnUnknownMachineAtItsPositionNamingTheAllowedOnes() throws Exception {
        Path f = suite("control: {machine: [pc, i440fx], firmware: [seabios]}\n");

        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessage(f + ":9:25: control.machine[1]: expected one of [pc, q35], found 'i440fx'");
    }

    @Test
    void refusesAnUnknownKeyInAListEntryAtTheKey() throws Exception {
        Path f = suite("""
                control:
                  - {machine: pc, firmware: seabios, mode: legacy}
                """);

        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessage(f + ":10:38: control[0].mode: expected one of [firmware, machine], found unknown key 'mode'");
    }

    @Test
    void refusesAListEntryWithoutAFirmware() throws Exception {
        Path f = suite("""
                control:
                  - {machine: pc}
                """);

        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(f + ":10:5: control[0]: expected a 'firmware' key, found none");
    }

    @Test
    void refusesARepeatedConfiguration() throws Exception {
        Path f = suite("""
                control:
                  - {machine: pc, firmware: ovmf}
                  - {machine: pc, firmware: ovmf}
                """);

        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessage(f + ":11:5: control[1]: expected each control configuration once, found a mapping");
    }

    @Test
    void refusesAScalarSayingWhatShapesItTakes() throws Exception {
        Path f = suite("control: yes\n");

        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessage(f + ":9:10: control: expected a control block: {machine: [..], firmware: [..]} or a list of"
                        + " {machine: M, firmware: F}, found 'yes'");
    }

    @Test
    void refusesAnEmptyList() throws Exception {
        Path f = suite("control: []\n");

        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(f + ":9:10: control: expected at least one control configuration");
    }

    @Test
    void aControlCellBelongsToOneHostAndHasOnlyGenerationMachineAndFirmware() {
        Cell c = Cell.control("cfl-02", Generation.COFFEE_LAKE, "q35", "ovmf", "linux");

        assertThat(c.id()).isEqualTo("control.cfl-02.q35.ovmf");
        assertThat(c.isControl()).isTrue();
        assertThat(c.generation()).isEqualTo(Generation.COFFEE_LAKE);
        assertThat(c.guestBdf()).isEqualTo("00:02.0");
        assertThat(c.displayName()).isEqualTo("control · coffee-lake · q35 · ovmf");
        assertThatThrownBy(() -> c.axis("mode")).hasMessageContaining("has no axis 'mode'");
        assertThatThrownBy(() -> new Cell("control.x.pc.ovmf", java.util.Map.of("generation", "coffee-lake",
                "machine", "pc", "firmware", "ovmf", "mode", "legacy"), "linux", Cell.Kind.CONTROL))
                .hasMessageContaining("a control cell has only [generation, machine, firmware]");
    }
}
