package org.igdlab.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.igdlab.runner.scenario.GuestExpectation.WindowsStatus.CODE43;
import static org.igdlab.runner.scenario.GuestExpectation.WindowsStatus.OK;
import static org.igdlab.runner.scenario.GuestExpectation.WindowsStatus.UNCHECKED;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** guest-log: and windows: in the oracle file, against igd-model.md §5.3, §5.4 and §8 F8 written out here. */
class GuestExpectationsTest {

    @BeforeAll
    static void load() throws Exception {
        ExpectationsTest.load();
    }

    private static GuestExpectation guest(String host, String generation, String machine, String firmware, String mode,
                                          String guest, Map<String, String> more) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", generation);
        axes.put("machine", machine);
        axes.put("firmware", firmware);
        axes.put("mode", mode);
        axes.putAll(more);
        axes.put("guest", guest);
        return ExpectationsTest.expect(host, Cell.of(axes, "linux")).guest();
    }

    @Test
    void aWindowsGuestWithSeaBiosOnGen9AtTheLegacyAddressGetsAWorkingAdapter() {
        // SeaBIOS writes 0xFC and, at 00:02.0, 0x5C (§3); GGC is the host's: nothing of F8 applies
        assertThat(guest("cfl-01", "coffee-lake", "pc", "seabios", "legacy", "windows", Map.of()).windows()).isEqualTo(OK);
        assertThat(guest("cfl-01", "coffee-lake", "q35", "seabios", "legacy", "windows", Map.of()).windows()).isEqualTo(OK);
    }

    @Test
    void code43WhereTheOpRegionOrTheStolenMemoryIsMissing() {
        // stock OVMF: 0xFC stays 0 (§4.1, F1)
        assertThat(guest("cfl-01", "coffee-lake", "q35", "ovmf", "upt", "windows", Map.of()).windows()).isEqualTo(CODE43);
        // gen 11 with SeaBIOS: the 0xC0 qword is never programmed (F8)
        assertThat(guest("icl-01", "ice-lake", "q35", "seabios", "legacy", "windows", Map.of()).windows()).isEqualTo(CODE43);
        // gen 9 with SeaBIOS away from 00:02.0: 0x5C stays 0 (§3 BDSM step only at 00:02.0; §5.4 BDSM = 0)
        assertThat(guest("cfl-01", "coffee-lake", "q35", "seabios", "upt", "windows", Map.of()).windows()).isEqualTo(CODE43);
        // legacy without a ROM on kbl-01: 0xFC is the host's address (§7.1 'same but no ROM', F2)
        assertThat(guest("kbl-01", "kaby-lake", "pc", "seabios", "legacy", "windows", Map.of()).windows()).isEqualTo(CODE43);
        // x-igd-opregion=off away from legacy: 0xFC 0
        assertThat(guest("cfl-01", "coffee-lake", "q35", "seabios", "legacy", "windows", Map.of("x-igd-opregion", "off")).windows())
                .isEqualTo(CODE43);
    }

    @Test
    void theIgdOpRomGivesAWorkingAdapterAt02AndOnMeteorLakeAnywhere() {
        Map<String, String> dxe = Map.of("rom", "romfile-efi");
        assertThat(guest("icl-01", "ice-lake", "q35", "ovmf", "legacy", "windows", dxe).windows()).isEqualTo(OK);
        assertThat(guest("icl-01", "ice-lake", "q35", "ovmf", "upt", "windows", dxe).windows()).isEqualTo(CODE43);
        assertThat(guest("mtl-01", "meteor-lake", "q35", "ovmf", "upt", "windows", dxe).windows()).isEqualTo(OK);
    }

    @Test
    void aGmsOverrideLeavesTheWindowsAdapterUnjudged() {
        // §5.4: Code 43 when the DSM size differs from the host BIOS's; whether it does depends on the host's GMS
        assertThat(guest("cfl-01", "coffee-lake", "pc", "seabios", "legacy", "windows", Map.of("x-igd-gms", "0x2")).windows())
                .isEqualTo(UNCHECKED);
        assertThat(guest("cfl-01", "coffee-lake", "pc", "seabios", "legacy", "windows", Map.of("x-igd-gms", "default")).windows())
                .isEqualTo(OK);
    }

    @Test
    void linuxCellsFollowTheRegistersAndStockOvmfAlsoNamesTheMissingVbt() {
        GuestExpectation seabios = guest("cfl-01", "coffee-lake", "pc", "seabios", "legacy", "linux", Map.of());
        assertThat(seabios.windows()).isEqualTo(UNCHECKED);
        assertThat(seabios.log().opregionFollowsAsls()).isTrue();
        assertThat(seabios.log().stolenFollowsBdsm()).isTrue();
        assertThat(seabios.log().present()).isEmpty();
        assertThat(seabios.logSource()).contains("§5.3");

        GuestExpectation ovmf = guest("cfl-01", "coffee-lake", "pc", "ovmf", "legacy", "linux", Map.of());
        assertThat(ovmf.log().present()).containsExactly("\\[drm\\] Failed to find VBIOS tables \\(VBT\\)");
        assertThat(ovmf.log().opregionFollowsAsls()).isTrue();
    }

    @Test
    void aTopLevelGuestCountsForRulesLikeTheAxis() {
        // a suite's `guest: windows` with no guest axis: the cell's guest is still windows for `when: {guest: …}`
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", "coffee-lake");
        axes.put("machine", "q35");
        axes.put("firmware", "ovmf");
        axes.put("mode", "upt");
        Cell cell = Cell.of(axes, "windows");
        assertThat(cell.id()).isEqualTo("coffee-lake.q35.ovmf.upt");
        assertThat(ExpectationsTest.expect("cfl-01", cell).guest().windows()).isEqualTo(CODE43);
    }

    @Test
    void aRuleFileWithoutGuestRulesJudgesNoGuestReaction() throws Exception {
        Expectations bare = Expectations.parse("bare.yaml", """
                version: 1
                rules:
                  - id: all
                    cite: "test"
                    when: {}
                    expect: {qemu: starts, stderr: [], fw-cfg: [], asls: zero, bdsm: zero, bdsm64: zero, ggc: host}
                """);
        GuestExpectation g = bare.expect(ExpectationsTest.cell("coffee-lake", "pc", "seabios", "legacy", "default"),
                ExpectationsTest.twin.host("cfl-01").orElseThrow()).guest();

        assertThat(g.log().checked()).isFalse();
        assertThat(g.windows()).isEqualTo(UNCHECKED);
    }

    @Test
    void badGuestFieldsAreRefusedNamingTheAllowedValues() {
        assertThatThrownBy(() -> Expectations.parse("bad.yaml", """
                version: 1
                rules:
                  - id: all
                    cite: "test"
                    when: {guest: windows}
                    expect: {windows: code42}
                """)).hasMessageContaining("ok").hasMessageContaining("code43").hasMessageContaining("unchecked");
        assertThatThrownBy(() -> Expectations.parse("bad.yaml", """
                version: 1
                rules:
                  - id: all
                    cite: "test"
                    when: {}
                    expect: {guest-log: {present: ["("]}}
                """)).hasMessageContaining("valid regex");
        assertThatThrownBy(() -> Expectations.parse("bad.yaml", """
                version: 1
                rules:
                  - id: all
                    cite: "test"
                    when: {}
                    expect: {guest-log: {opregion: follows-bdsm}}
                """)).hasMessageContaining("follows-asls");
        assertThatThrownBy(() -> Expectations.parse("bad.yaml", """
                version: 1
                rules:
                  - id: all
                    cite: "test"
                    when: {guest: macos}
                    expect: {windows: ok}
                """)).hasMessageContaining("linux").hasMessageContaining("windows");
    }
}
