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
                  hot-unplug: [yes]
                """);
        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(f + ":6:3: axes.hot-unplug: expected one of [generation, machine,")
                .hasMessageEndingWith("found unknown axis 'hot-unplug'");
    }

    private Path suite(String extra) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                version: 1
                suite: s
                guest: linux
                axes:
                  generation: [coffee-lake, alder-lake]
                  machine: [pc, q35]
                  firmware: [seabios, ovmf]
                  mode: [upt]
                """ + extra);
        return f;
    }

    @Test
    void refusesAnXIgdGmsValueNamingTheAllowedOnes() throws Exception {
        Path f = suite("  x-igd-gms: [default, 0x10, 1]\n");
        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessage(f + ":9:30: axes.x-igd-gms[2]: expected one of "
                        + "[default, 0x1, 0x2, 0x10, 0x11, 0x40, 0x41, 0xf0, 0xfe, 0xff], found '1'");
    }

    @Test
    void refusesEachNewAxisValueNamingTheAllowedOnes() throws Exception {
        assertThatThrownBy(() -> SuiteLoader.load(suite("  x-igd-legacy-mode: [auto, force]\n")))
                .hasMessageEndingWith(":9:29: axes.x-igd-legacy-mode[1]: expected one of [auto, on, off], found 'force'");
        assertThatThrownBy(() -> SuiteLoader.load(suite("  x-igd-lpc: [maybe]\n")))
                .hasMessageEndingWith(":9:15: axes.x-igd-lpc[0]: expected one of [on, off, default], found 'maybe'");
        assertThatThrownBy(() -> SuiteLoader.load(suite("  x-vga: [on, vga]\n")))
                .hasMessageEndingWith(":9:15: axes.x-vga[1]: expected one of [on, off, default], found 'vga'");
        assertThatThrownBy(() -> SuiteLoader.load(suite("  rom: [rombar, romfile-vbios]\n")))
                .hasMessageEndingWith(":9:17: axes.rom[1]: expected one of [rombar, none, romfile-efi], found 'romfile-vbios'");
        assertThatThrownBy(() -> SuiteLoader.load(suite("coverage: 4-way\n")))
                .hasMessageEndingWith(":9:11: coverage: expected one of [full, pairwise, 3-way], found '4-way'");
    }

    @Test
    void readsTheNewAxesWithYamlBooleansAndHexAsWritten() throws Exception {
        Suite s = SuiteLoader.load(suite("""
                  x-igd-legacy-mode: [auto, on, off]
                  x-igd-lpc: [on, off, default]
                  x-igd-gms: [default, 0x2, 0xf0]
                  x-vga: [off]
                  rom: [rombar, none, romfile-efi]
                """));
        assertThat(s.axes().get("x-igd-legacy-mode")).containsExactly("auto", "on", "off");
        assertThat(s.axes().get("x-igd-lpc")).containsExactly("on", "off", "default");
        assertThat(s.axes().get("x-igd-gms")).containsExactly("default", "0x2", "0xf0");
        assertThat(s.axes().get("x-vga")).containsExactly("off");
        assertThat(s.axes().get("rom")).containsExactly("rombar", "none", "romfile-efi");
    }

    @Test
    void refusesAConstraintOnAnAxisTheSuiteDoesNotVary() throws Exception {
        Path f = suite("""
                constraints:
                  - {id: efi-only-ovmf, when: {rom: romfile-efi, firmware: seabios}, exclude: true, reason: r}
                """);
        assertThatThrownBy(() -> SuiteLoader.load(f))
                .hasMessageStartingWith(f + ":10:32: constraints[0].when.rom: expected one of the suite's axes [generation, machine, firmware, mode]");
    }

    @Test
    void refusesAConstraintWithoutAReasonOrWithExcludeFalse() throws Exception {
        assertThatThrownBy(() -> SuiteLoader.load(suite("""
                constraints:
                  - {id: c, when: {firmware: seabios}}
                """))).hasMessageContaining(":10:5: constraints[0]: expected a 'reason'");
        assertThatThrownBy(() -> SuiteLoader.load(suite("""
                constraints:
                  - {id: c, when: {firmware: seabios}, exclude: false, reason: r}
                """))).hasMessageContaining("constraints[0].exclude: expected exclude: true");
    }

    @Test
    void refusesAnAlwaysIncludeCellThatAConstraintExcludes() throws Exception {
        Path f = suite("""
                constraints:
                  - {id: no-seabios-on-q35, when: {firmware: seabios, machine: q35}, reason: not wanted}
                always-include:
                  - {machine: q35, firmware: seabios}
                """);
        assertThatThrownBy(() -> SuiteLoader.load(f))
                .hasMessage(f + ":12:5: always-include[0]: always-include {machine=q35, firmware=seabios} is excluded by "
                        + "constraint no-seabios-on-q35 (not wanted)");
    }

    @Test
    void nightlyIdsAreTheSame192AsBeforeTheNewAxes() throws Exception {
        List<String> expected = new java.util.ArrayList<>();
        for (String g : List.of("sandy-bridge", "haswell", "kaby-lake", "coffee-lake", "ice-lake", "tiger-lake",
                "alder-lake", "meteor-lake")) {
            for (String m : List.of("pc", "q35")) {
                for (String fw : List.of("seabios", "ovmf")) {
                    for (String mode : List.of("legacy", "upt")) {
                        for (String o : List.of("on", "off", "default")) {
                            expected.add(g + "." + m + "." + fw + "." + mode + ".opregion-" + o);
                        }
                    }
                }
            }
        }
        assertThat(SuiteLoader.load(NIGHTLY).cells().stream().map(Cell::id).toList()).isEqualTo(expected);
    }

    @Test
    void aCellIdNamesTheNewAxesOnlyAwayFromTheirDefaults() {
        java.util.Map<String, String> axes = new java.util.LinkedHashMap<>();
        axes.put("generation", "coffee-lake");
        axes.put("machine", "pc");
        axes.put("firmware", "ovmf");
        axes.put("mode", "legacy");
        axes.put("x-igd-opregion", "default");
        axes.put("x-igd-legacy-mode", "auto");
        axes.put("x-igd-lpc", "default");
        axes.put("x-igd-gms", "default");
        axes.put("x-vga", "default");
        axes.put("rom", "rombar");
        assertThat(Cell.of(axes, "linux").id()).isEqualTo("coffee-lake.pc.ovmf.legacy.opregion-default");
        axes.put("x-igd-legacy-mode", "off");
        axes.put("x-igd-lpc", "on");
        axes.put("x-igd-gms", "0x10");
        axes.put("x-vga", "off");
        axes.put("rom", "romfile-efi");
        Cell c = Cell.of(axes, "linux");
        assertThat(c.id()).isEqualTo("coffee-lake.pc.ovmf.legacy.opregion-default.legacy-mode-off.lpc-on.gms-0x10.vga-off.romfile-efi");
        assertThat(c.displayName()).isEqualTo("coffee-lake · pc · ovmf · legacy · x-igd-opregion=default · "
                + "x-igd-legacy-mode=off · x-igd-lpc=on · x-igd-gms=0x10 · x-vga=off · rom=romfile-efi");
        axes.put("rom", "none");
        assertThat(Cell.of(axes, "linux").id()).endsWith(".vga-off.rombar-0");
    }

    @Test
    void refusesAKernelThatCouldNotBeAReleaseNamingWhatIsAllowed() throws Exception {
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
                  kernel: [default, "6.1;reboot"]
                """);
        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("axes.kernel[1]: expected default or a kernel release (one of the inventory's kernels:)")
                .hasMessageContaining("found '6.1;reboot'");
    }

    @Test
    void aKernelAxisAtItsDefaultLeavesTheCellIdAsItWas() throws Exception {
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
                  kernel: [default, 6.12.9-igdlab]
                """);
        List<Cell> cells = SuiteLoader.load(f).cells();
        assertThat(cells).extracting(Cell::id).containsExactly("coffee-lake.pc.seabios.upt", "coffee-lake.pc.seabios.upt.kernel-6.12.9-igdlab");
        assertThat(cells.get(0).kernel()).isEmpty();
        assertThat(cells.get(1).kernel()).contains("6.12.9-igdlab");
        assertThat(cells.get(1).displayName()).endsWith("kernel=6.12.9-igdlab");
    }

    @Test
    void aGuestAxisVariesTheGuestAndNamesWindowsCellsOnly() throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                version: 1
                suite: s
                axes:
                  generation: [coffee-lake]
                  machine: [pc]
                  firmware: [seabios]
                  mode: [upt]
                  guest: [linux, windows]
                """);
        Suite suite = SuiteLoader.load(f);

        assertThat(suite.cells()).extracting(Cell::id).containsExactly("coffee-lake.pc.seabios.upt",
                "coffee-lake.pc.seabios.upt.guest-windows");
        assertThat(suite.cells()).extracting(Cell::guest).containsExactly("linux", "windows");
        assertThat(suite.guest()).as("control cells boot the first guest").isEqualTo("linux");
    }

    @Test
    void withoutAGuestKeyOrAxisTheGuestIsLinux() throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                version: 1
                suite: s
                axes:
                  generation: [coffee-lake]
                  machine: [pc]
                  firmware: [seabios]
                  mode: [upt]
                """);
        Suite suite = SuiteLoader.load(f);

        assertThat(suite.guest()).isEqualTo("linux");
        assertThat(suite.cells()).singleElement().satisfies(c -> {
            assertThat(c.guest()).isEqualTo("linux");
            assertThat(c.axes()).doesNotContainKey("guest");
        });
    }

    @Test
    void aSuiteNamesItsGuestOnceNotAsKeyAndAxis() throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                version: 1
                suite: s
                guest: windows
                axes:
                  generation: [coffee-lake]
                  machine: [pc]
                  firmware: [seabios]
                  mode: [upt]
                  guest: [linux]
                """);
        assertThatThrownBy(() -> SuiteLoader.load(f)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("found both").hasMessageContaining("[linux, windows]");
    }
}
