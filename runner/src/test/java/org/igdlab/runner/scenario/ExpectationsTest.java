package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.igdlab.runner.scenario.RegisterExpectation.FIRMWARE_ALLOCATED;
import static org.igdlab.runner.scenario.RegisterExpectation.HOST;
import static org.igdlab.runner.scenario.RegisterExpectation.UNCHECKED;
import static org.igdlab.runner.scenario.RegisterExpectation.ZERO;

/** The oracle file against the rows of igd-model.md §7.1, written out here by hand. */
class ExpectationsTest {

    static Expectations oracle;
    static Inventory twin;

    @BeforeAll
    static void load() throws Exception {
        oracle = Expectations.load(Path.of("../scenarios/expectations.yaml"));
        twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
    }

    static Cell cell(String generation, String machine, String firmware, String mode, String opregion) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", generation);
        axes.put("machine", machine);
        axes.put("firmware", firmware);
        axes.put("mode", mode);
        axes.put("x-igd-opregion", opregion);
        return Cell.of(axes, "linux");
    }

    static Expectation expect(String host, Cell cell) {
        Host h = twin.host(host).orElseThrow();
        return oracle.expect(cell, h);
    }

    @Test
    void legacyModeWithSeaBiosGetsFirmwareAllocatedOpRegionAndStolenMemory() {
        // §7.1 row "i440fx, addr 02.0, gen 6–9, IVD=0, ROM ok, VGA ok, SeaBIOS ≥1.10":
        // OpRegion detected; legacy enabled | opregion + bdsm-size | FWaddr | FWaddr | n/a | HOST
        Expectation e = expect("cfl-01", cell("coffee-lake", "pc", "seabios", "legacy", "default"));

        assertThat(e.qemu()).isEqualTo(new QemuOutcome.Starts());
        assertThat(e.stderrPatterns()).containsExactly("OpRegion detected on Intel display 3e92\\.", "IGD legacy mode enabled");
        assertThat(e.fwCfg()).containsExactly("igd-opregion", "igd-bdsm-size");
        assertThat(e.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(e.bdsm()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(e.bdsm64()).isEqualTo(UNCHECKED);
        assertThat(e.ggc()).isEqualTo(HOST);
        assertThat(e.rules()).contains("detected-igd", "legacy-active", "legacy-active-seabios");
        assertThat(e.sourceOf("asls")).contains("§7.1");
    }

    @Test
    void seabiosOlderThan110WritesNeitherRegisterWhereSeaBios110WouldWriteBoth() {
        // §3: IGD support since SeaBIOS 1.10.0, so an older one ignores both fw_cfg files (EMU0, nobody writes);
        // §7.2: the 2017 Haswell report, guest 0xFC = 0 with x-igd-opregion in UPT
        for (String mode : new String[] {"legacy", "upt"}) {
            for (String machine : new String[] {"pc", "q35"}) {
                Expectation old = expect("hsw-01", cell("haswell", machine, "seabios-old", mode, "on"));
                assertThat(old.fwCfg()).containsExactly("igd-opregion", "igd-bdsm-size");
                assertThat(old.asls()).as(machine + " " + mode).isEqualTo(ZERO);
                assertThat(old.bdsm()).as(machine + " " + mode).isEqualTo(ZERO);
                assertThat(old.ggc()).isEqualTo(HOST);
            }
        }
        assertThat(expect("hsw-01", cell("haswell", "pc", "seabios", "upt", "on")).asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(expect("hsw-01", cell("haswell", "pc", "seabios", "legacy", "on")).bdsm()).isEqualTo(FIRMWARE_ALLOCATED);
        // gen 11-12: 0x5C is not emulated and nothing writes it, so the host value
        Expectation tgl = expect("tgl-01", cell("tiger-lake", "pc", "seabios-old", "legacy", "default"));
        assertThat(tgl.asls()).isEqualTo(ZERO);
        assertThat(tgl.bdsm()).isEqualTo(HOST);
        assertThat(tgl.bdsm64()).isEqualTo(ZERO);
        // no ROM: legacy falls back before any fw_cfg file exists, whatever the firmware
        assertThat(expect("kbl-01", cell("kaby-lake", "pc", "seabios-old", "legacy", "on")).asls()).isEqualTo(HOST);
    }

    @Test
    void legacyModeTurnsTheOpRegionOnEvenWhenTheCellTurnsItOffAndStockOvmfWritesNothing() {
        // §7.1 row "same, stock OVMF": same prints | same fw_cfg | 0 | 0 | n/a | HOST; §1.1: legacy = x-igd-opregion=on + …
        Expectation e = expect("cfl-01", cell("coffee-lake", "pc", "ovmf", "legacy", "off"));

        assertThat(e.fwCfg()).containsExactly("igd-opregion", "igd-bdsm-size");
        assertThat(e.asls()).isEqualTo(ZERO);
        assertThat(e.bdsm()).isEqualTo(ZERO);
        assertThat(e.ggc()).isEqualTo(HOST);
    }

    @Test
    void legacyAttemptWithoutRomFallsBackWithEverythingHost() {
        // §7.1 row "same but no ROM": …; Device has no ROM; IGD legacy mode disabled | none | HOST | HOST | n/a | HOST
        Expectation e = expect("kbl-01", cell("kaby-lake", "pc", "seabios", "legacy", "on"));

        assertThat(e.qemu()).isEqualTo(new QemuOutcome.Starts());
        assertThat(e.stderrPatterns()).contains("OpRegion detected on Intel display 5917\\.", "Device has no ROM",
                "IGD legacy mode disabled");
        assertThat(e.fwCfg()).isEmpty();
        assertThat(e.asls()).isEqualTo(HOST);
        assertThat(e.bdsm()).isEqualTo(HOST);
        assertThat(e.ggc()).isEqualTo(HOST);
    }

    @Test
    void q35AtTheLegacyAddressWithSeaBiosIsNotLegacyButStillGetsFirmwareValues() {
        // §7.1 row "same, x-igd-legacy-mode=off (or q35, …), SeaBIOS": OpRegion detected | both | FWaddr | FWaddr at 00:02.0
        Expectation e = expect("cfl-01", cell("coffee-lake", "q35", "seabios", "legacy", "default"));

        assertThat(e.stderrPatterns()).containsExactly("OpRegion detected on Intel display 3e92\\.");
        assertThat(e.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(e.bdsm()).isEqualTo(FIRMWARE_ALLOCATED);
    }

    @Test
    void uptWithOpRegionOffLeavesAslsAndBdsmAtZero() {
        // §7.1 rows "any, x-igd-opregion=off" (bdsm-size only, 0xFC 0) and "…SeaBIOS" (0x5C 0 away from 00:02.0)
        Expectation e = expect("cfl-01", cell("coffee-lake", "pc", "seabios", "upt", "off"));

        assertThat(e.fwCfg()).containsExactly("igd-bdsm-size");
        assertThat(e.asls()).isEqualTo(ZERO);
        assertThat(e.bdsm()).isEqualTo(ZERO);
    }

    @Test
    void gen12WithSeaBiosAtTheLegacyAddressLeaves0xC0ZeroAndCannotCheck0x5C() {
        // §7.1 row "gen 11–12, any machine/address, SeaBIOS": FWaddr | not emulated, write goes to HW (H4) | 0 | HOST
        Expectation e = expect("tgl-01", cell("tiger-lake", "pc", "seabios", "legacy", "default"));

        assertThat(e.stderrPatterns()).containsExactly("OpRegion detected on Intel display 9a49\\.");
        assertThat(e.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(e.bdsm()).isEqualTo(UNCHECKED);
        assertThat(e.bdsm64()).isEqualTo(ZERO);
    }

    @Test
    void gen11WithStockOvmfPassesThe32BitRegisterThrough() {
        Expectation e = expect("icl-01", cell("ice-lake", "q35", "ovmf", "upt", "default"));

        assertThat(e.asls()).isEqualTo(ZERO);
        assertThat(e.bdsm()).isEqualTo(HOST);
        assertThat(e.bdsm64()).isEqualTo(ZERO);
    }

    @Test
    void unknownGenerationGetsNoBdsmQuirkButSeaBiosStillWritesTheOpRegion() {
        // §7.1 row "MTL/ARL/LNL/PTL (gen −1), any firmware": opregion + bdsm-size=0 | FWaddr (SeaBIOS) | HOST | HOST | HOST
        Expectation seabios = expect("mtl-01", cell("meteor-lake", "pc", "seabios", "legacy", "default"));
        Expectation off = expect("mtl-01", cell("meteor-lake", "pc", "seabios", "legacy", "off"));

        assertThat(seabios.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(seabios.bdsm()).isEqualTo(HOST);
        assertThat(seabios.bdsm64()).isEqualTo(HOST);
        assertThat(seabios.stderrPatterns()).containsExactly("OpRegion detected on Intel display 7d55\\.");
        assertThat(off.asls()).isEqualTo(ZERO);
    }

    @Test
    void theDeviceIdIsPrintedAsQemusPercentXWithoutLeadingZeros() {
        Expectation e = expect("snb-01", cell("sandy-bridge", "q35", "ovmf", "upt", "default"));

        assertThat(e.stderrPatterns()).containsExactly("OpRegion detected on Intel display 126\\.");
    }

    @Test
    void aFieldNoRuleSetsIsAnErrorNamingTheCellAndTheField() throws Exception {
        Expectations partial = Expectations.parse("partial.yaml", """
                version: 1
                rules:
                  - id: only-qemu
                    cite: test
                    when: {}
                    expect: {qemu: starts, stderr: [], fw-cfg: [], asls: zero, bdsm: zero, ggc: host}
                """);
        Cell c = cell("coffee-lake", "pc", "seabios", "legacy", "default");

        assertThatThrownBy(() -> partial.expect(c, twin.host("cfl-01").orElseThrow()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[bdsm64]").hasMessageContaining(c.id()).hasMessageContaining("cfl-01");
    }

    @Test
    void aRefusalCarriesItsMessagePatternWithPlaceholdersResolved() throws Exception {
        Expectations rules = Expectations.parse("r.yaml", """
                version: 1
                rules:
                  - id: refuses
                    cite: "igd-model.md §7.1 row 'x-igd-legacy-mode=on on q35 …'"
                    when: {machine: q35}
                    expect:
                      qemu: refuses
                      message: "device {device-id} \\\\(gen \\\\d+\\\\) doesn't support legacy mode"
                      stderr: []
                      fw-cfg: []
                      asls: unchecked
                      bdsm: unchecked
                      bdsm64: unchecked
                      ggc: unchecked
                """);
        Expectation e = rules.expect(cell("alder-lake", "q35", "ovmf", "legacy", "default"), twin.host("adl-01").orElseThrow());

        assertThat(e.qemu()).isEqualTo(new QemuOutcome.Refuses("device 4682 \\(gen \\d+\\) doesn't support legacy mode"));
    }

    @Test
    void aTypoInAConditionIsReportedWithLineAndColumn() {
        assertThatThrownBy(() -> Expectations.parse("t.yaml", """
                version: 1
                rules:
                  - id: r
                    cite: c
                    when: {firmwre: seabios}
                    expect: {asls: zero}
                """)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("t.yaml:5:12: rules[0].when.firmwre: expected one of [generation,");
        assertThatThrownBy(() -> Expectations.parse("t.yaml", """
                version: 1
                rules:
                  - id: r
                    cite: c
                    when: {firmware: coreboot}
                    expect: {asls: zero}
                """)).isInstanceOf(ScenarioException.class)
                .hasMessage("t.yaml:5:22: rules[0].when.firmware: expected one of [seabios, ovmf, seabios-old, ovmf+igd-oprom-2018, ovmf+igd-oprom-current], found 'coreboot'");
    }
}
