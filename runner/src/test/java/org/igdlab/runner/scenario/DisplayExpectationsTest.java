package org.igdlab.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.igdlab.runner.display.DisplayExpectation.Output.BLACK;
import static org.igdlab.runner.display.DisplayExpectation.Output.SHOWN;
import static org.igdlab.runner.display.DisplayExpectation.Output.UNCHECKED;

import java.util.LinkedHashMap;
import java.util.Map;
import org.igdlab.runner.display.DisplayExpectation;
import org.igdlab.runner.display.Needles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** display: {pre-os, os} in the oracle file, against igd-model.md §8 F9, §4 and §5.3 written out here. */
class DisplayExpectationsTest {

    @BeforeAll
    static void load() throws Exception {
        ExpectationsTest.load();
    }

    private static DisplayExpectation display(String host, String generation, String machine, String firmware, String mode,
                                              String opregion, Map<String, String> more) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", generation);
        axes.put("machine", machine);
        axes.put("firmware", firmware);
        axes.put("mode", mode);
        axes.put("x-igd-opregion", opregion);
        axes.putAll(more);
        return ExpectationsTest.expect(host, Cell.of(axes, "linux")).display();
    }

    @Test
    void legacyModeWithSeaBiosAndAShadowVbiosShowsTheFirmwareAndTheConsole() {
        DisplayExpectation d = display("snb-01", "sandy-bridge", "pc", "seabios", "legacy", "default", Map.of());

        assertThat(d.preOs()).isEqualTo(SHOWN);
        assertThat(d.os()).isEqualTo(SHOWN);
        assertThat(d.preOsSource()).contains("F9");
        assertThat(d.needles().tagged("os")).isNotEmpty();
        assertThat(d.needles().tagged("pre-os")).isNotEmpty();
    }

    @Test
    void withoutAVbiosOnTheHostThereIsNoPreOsOutputAndLegacyLeavesTheHostsOpRegion() {
        // kbl-01 booted UEFI: no shadow ROM. Legacy fails on the ROM: 0xFC is the host's (§7.1), no VBT (§5.3)
        DisplayExpectation legacy = display("kbl-01", "kaby-lake", "pc", "seabios", "legacy", "default", Map.of());
        assertThat(legacy.preOs()).isEqualTo(BLACK);
        assertThat(legacy.os()).isEqualTo(BLACK);

        DisplayExpectation upt = display("kbl-01", "kaby-lake", "q35", "seabios", "upt", "default", Map.of());
        assertThat(upt.preOs()).isEqualTo(BLACK);
        assertThat(upt.os()).isEqualTo(SHOWN);
    }

    @Test
    void stockOvmfShowsNothingAndTheDxeRomGivesTheConsoleButNoPicture() {
        DisplayExpectation stock = display("cfl-01", "coffee-lake", "pc", "ovmf", "legacy", "default", Map.of());
        assertThat(stock.preOs()).isEqualTo(BLACK);
        assertThat(stock.os()).isEqualTo(BLACK);

        DisplayExpectation dxe = display("tgl-01", "tiger-lake", "q35", "ovmf", "upt", "default", Map.of("rom", "romfile-efi"));
        assertThat(dxe.preOs()).isEqualTo(BLACK);
        assertThat(dxe.os()).isEqualTo(SHOWN);
    }

    @Test
    void withoutTheOpRegionFileTheGuestHasNoVbtExceptWhereLegacyModeTurnsItOn() {
        assertThat(display("tgl-01", "tiger-lake", "q35", "seabios", "upt", "off", Map.of()).os()).isEqualTo(BLACK);
        assertThat(display("cfl-01", "coffee-lake", "pc", "seabios", "legacy", "off", Map.of()).os()).isEqualTo(SHOWN);
    }

    @Test
    void theVbiosWithoutLegacyModeNeedsXVgaAndXIgdLpc() {
        Map<String, String> off = Map.of("x-igd-legacy-mode", "off");
        assertThat(display("cfl-01", "coffee-lake", "pc", "seabios", "legacy", "default", off).preOs()).isEqualTo(BLACK);
        Map<String, String> explicit = Map.of("x-igd-legacy-mode", "off", "x-vga", "on", "x-igd-lpc", "on");
        assertThat(display("cfl-01", "coffee-lake", "pc", "seabios", "legacy", "default", explicit).preOs()).isEqualTo(SHOWN);
    }

    @Test
    void aRuleFileWithoutDisplayRulesLeavesTheDisplayUnchecked() throws Exception {
        Expectations bare = Expectations.parse("bare.yaml", """
                version: 1
                rules:
                  - id: all
                    cite: "test"
                    when: {}
                    expect: {qemu: starts, stderr: [], fw-cfg: [], asls: zero, bdsm: zero, bdsm64: zero, ggc: host}
                """);
        DisplayExpectation d = bare.expect(ExpectationsTest.cell("coffee-lake", "pc", "seabios", "legacy", "default"),
                ExpectationsTest.twin.host("cfl-01").orElseThrow()).display();

        assertThat(d.preOs()).isEqualTo(UNCHECKED);
        assertThat(d.os()).isEqualTo(UNCHECKED);
        assertThat(d.needles()).isEqualTo(Needles.none());
    }

    @Test
    void aDisplayValueOutsideTheAllowedOnesIsRefusedNamingThem() {
        assertThatThrownBy(() -> Expectations.parse("bad.yaml", """
                version: 1
                rules:
                  - id: all
                    cite: "test"
                    when: {}
                    expect: {display: {os: dark}}
                """)).hasMessageContaining("shown").hasMessageContaining("black").hasMessageContaining("unchecked");
        assertThatThrownBy(() -> Expectations.parse("bad.yaml", """
                version: 1
                rules:
                  - id: all
                    cite: "test"
                    when: {}
                    expect: {display: {post: shown}}
                """)).hasMessageContaining("post");
    }
}
