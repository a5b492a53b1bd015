package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.igdlab.runner.scenario.RegisterExpectation.EXACT;
import static org.igdlab.runner.scenario.RegisterExpectation.FIRMWARE_ALLOCATED;
import static org.igdlab.runner.scenario.RegisterExpectation.HOST;
import static org.igdlab.runner.scenario.RegisterExpectation.ZERO;

/**
 * The oracle for x-igd-legacy-mode, x-igd-lpc, x-igd-gms and rom against igd-model.md, the
 * expected values written out here by hand from §1, §1.1, §2.3, §2.5, §2.7, §4.2 and §7.1.
 */
class OptionAxesExpectationsTest {

    static final String NOT_LEGACY = "Machine is not i440fx, assigned BDF is not 00:02.0, or device 3e92 (gen 9) doesn't support legacy mode";

    static Expectations oracle;
    static Inventory twin;

    @BeforeAll
    static void load() throws Exception {
        oracle = Expectations.load(Path.of("../scenarios/expectations.yaml"));
        twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
    }

    /** A cell of the four required axes plus {@code options} as "axis=value" pairs. */
    static Cell cell(String generation, String machine, String firmware, String mode, String... options) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", generation);
        axes.put("machine", machine);
        axes.put("firmware", firmware);
        axes.put("mode", mode);
        for (String o : options) {
            axes.put(o.substring(0, o.indexOf('=')), o.substring(o.indexOf('=') + 1));
        }
        return Cell.of(axes, "linux");
    }

    static Expectation expect(String host, Cell cell) {
        return oracle.expect(cell, twin.host(host).orElseThrow());
    }

    static String refusal(Expectation e) {
        assertThat(e.qemu()).isInstanceOf(QemuOutcome.Refuses.class);
        return ((QemuOutcome.Refuses) e.qemu()).messagePattern();
    }

    // --- x-igd-legacy-mode=on: §7.1 row "x-igd-legacy-mode=on on q35 / wrong addr / … / gen ∉ 6–9 / IVD=1" ---

    @Test
    void forcedLegacyOnQ35OrAwayFrom02OrOnGen11PlusIsRefused() {
        assertThat(NOT_LEGACY).containsPattern(refusal(expect("cfl-01", cell("coffee-lake", "q35", "seabios", "legacy", "x-igd-legacy-mode=on"))));
        assertThat(NOT_LEGACY).containsPattern(refusal(expect("cfl-01", cell("coffee-lake", "pc", "seabios", "upt", "x-igd-legacy-mode=on"))));
        assertThat("Machine is not i440fx, assigned BDF is not 00:02.0, or device 4682 (gen 12) doesn't support legacy mode")
                .containsPattern(refusal(expect("adl-01", cell("alder-lake", "pc", "seabios", "legacy", "x-igd-legacy-mode=on"))));
        assertThat("Machine is not i440fx, assigned BDF is not 00:02.0, or device 7d55 (gen -1) doesn't support legacy mode")
                .containsPattern(refusal(expect("mtl-01", cell("meteor-lake", "pc", "ovmf", "legacy", "x-igd-legacy-mode=on"))));
    }

    @Test
    void forcedLegacyWithoutARomIsAFatalDeviceHasNoRom() {
        // §2.3 step 5 + §1 "on: … any error is fatal"; kbl-01 is UEFI-booted (no shadow ROM)
        assertThat(refusal(expect("kbl-01", cell("kaby-lake", "pc", "seabios", "legacy", "x-igd-legacy-mode=on"))))
                .isEqualTo("Device has no ROM");
        // rom none (rombar=0) on a host with a shadow ROM: no ROM either (§2.8 hint "Skip option ROM probe with rombar=0")
        assertThat(refusal(expect("cfl-01", cell("coffee-lake", "pc", "seabios", "legacy", "x-igd-legacy-mode=on", "rom=none"))))
                .isEqualTo("Device has no ROM");
    }

    @Test
    void forcedLegacyWhereItsConditionsHoldIsLikeAutomaticLegacy() {
        // §7.1 row "i440fx, addr 02.0, gen 6–9, IVD=0, ROM ok, VGA ok, SeaBIOS ≥1.10"
        Expectation e = expect("cfl-01", cell("coffee-lake", "pc", "seabios", "legacy", "x-igd-legacy-mode=on"));
        assertThat(e.qemu()).isEqualTo(new QemuOutcome.Starts());
        assertThat(e.stderrPatterns()).contains("IGD legacy mode enabled");
        assertThat(e.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(e.bdsm()).isEqualTo(FIRMWARE_ALLOCATED);
    }

    // --- x-igd-legacy-mode=off: §1 "off: never legacy" ---

    @Test
    void legacyModeOffHonoursOpRegionOffAndNeedsNoRom() {
        // §7.1 "same, x-igd-legacy-mode=off …, SeaBIOS" + "any, x-igd-opregion=off": 0xFC EMU0, 0x5C still FWaddr at 02.0
        Expectation off = expect("cfl-01", cell("coffee-lake", "pc", "seabios", "legacy", "x-igd-opregion=off", "x-igd-legacy-mode=off"));
        assertThat(off.qemu()).isEqualTo(new QemuOutcome.Starts());
        assertThat(off.stderrPatterns()).containsExactly("OpRegion detected on Intel display 3e92\\.");
        assertThat(off.fwCfg()).containsExactly("igd-bdsm-size");
        assertThat(off.asls()).isEqualTo(ZERO);
        assertThat(off.bdsm()).isEqualTo(FIRMWARE_ALLOCATED);
        // no ROM on kbl-01, but no legacy attempt: no "Device has no ROM", the normal SeaBIOS path
        Expectation noRom = expect("kbl-01", cell("kaby-lake", "pc", "seabios", "legacy", "x-igd-legacy-mode=off"));
        assertThat(noRom.stderrPatterns()).containsExactly("OpRegion detected on Intel display 5917\\.");
        assertThat(noRom.fwCfg()).containsExactly("igd-opregion", "igd-bdsm-size");
        assertThat(noRom.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(noRom.bdsm()).isEqualTo(FIRMWARE_ALLOCATED);
    }

    // --- x-igd-lpc: §1.1 q35 summary, §2.7, §7.1 row "x-igd-lpc=on on q35" ---

    @Test
    void lpcOnQ35IsRefusedAndOnPcStarts() {
        assertThat(refusal(expect("cfl-01", cell("coffee-lake", "q35", "ovmf", "upt", "x-igd-lpc=on"))))
                .isEqualTo("Cannot create LPC bridge due to existing device at 1f\\.0");
        assertThat(expect("cfl-01", cell("coffee-lake", "pc", "ovmf", "upt", "x-igd-lpc=on")).qemu())
                .isEqualTo(new QemuOutcome.Starts());
        assertThat(expect("cfl-01", cell("coffee-lake", "q35", "ovmf", "upt", "x-igd-lpc=off")).qemu())
                .isEqualTo(new QemuOutcome.Starts());
        // the legacy test (step 5) fails before the LPC setup (step 7)
        assertThat(NOT_LEGACY).containsPattern(refusal(expect("cfl-01",
                cell("coffee-lake", "q35", "ovmf", "legacy", "x-igd-lpc=on", "x-igd-legacy-mode=on"))));
    }

    // --- x-igd-gms: §2.5 table, §7.1 row "any, x-igd-gms=N valid", §8.1 H1 ---

    @Test
    void aValidGmsIsEmulatedInTheGenerationsField() {
        // gen 9 (cfl-01, host GGC 0x02c1): bits 15:8 → 0x10c1
        Expectation cfl = expect("cfl-01", cell("coffee-lake", "q35", "seabios", "upt", "x-igd-gms=0x10"));
        assertThat(cfl.ggc()).isEqualTo(EXACT);
        assertThat(cfl.ggcValue()).isEqualTo(OptionalLong.of(0x10c1));
        // gen 9 accepts 0xF0–0xFE
        assertThat(expect("cfl-01", cell("coffee-lake", "q35", "seabios", "upt", "x-igd-gms=0xf0")).ggcValue())
                .isEqualTo(OptionalLong.of(0xf0c1));
        // gen 6 (snb-01, host GGC 0x0211): bits 7:3 → 0x0211 & ~0xF8 | 0x10 << 3 = 0x0281
        assertThat(expect("snb-01", cell("sandy-bridge", "q35", "seabios", "upt", "x-igd-gms=0x10")).ggcValue())
                .isEqualTo(OptionalLong.of(0x0281));
        // gen 12 (adl-01, host GGC 0xfec1)
        assertThat(expect("adl-01", cell("alder-lake", "q35", "ovmf", "upt", "x-igd-gms=0x2")).ggcValue())
                .isEqualTo(OptionalLong.of(0x02c1));
        // no override: GGC is not emulated in 10.1+ (§2.3 step 9)
        assertThat(expect("cfl-01", cell("coffee-lake", "q35", "seabios", "upt")).ggc()).isEqualTo(HOST);
    }

    @Test
    void anOutOfRangeGmsIsRefusedWithTheGenerationsRange() {
        assertThat(refusal(expect("snb-01", cell("sandy-bridge", "q35", "seabios", "upt", "x-igd-gms=0x11"))))
                .isEqualTo("Parameter 'x-igd-gms' expects 0~0x10");
        assertThat(refusal(expect("hsw-01", cell("haswell", "q35", "seabios", "upt", "x-igd-gms=0xf0"))))
                .isEqualTo("Parameter 'x-igd-gms' expects 0~0x10");
        assertThat(expect("cfl-01", cell("coffee-lake", "q35", "seabios", "upt", "x-igd-gms=0x11")).ggcValue())
                .isEqualTo(OptionalLong.of(0x11c1));
        assertThat(refusal(expect("cfl-01", cell("coffee-lake", "q35", "seabios", "upt", "x-igd-gms=0xff"))))
                .isEqualTo("Parameter 'x-igd-gms' expects 0~0x40 or 0xf0~0xfe");
        assertThat(refusal(expect("icl-01", cell("ice-lake", "pc", "ovmf", "upt", "x-igd-gms=0x41"))))
                .isEqualTo("Parameter 'x-igd-gms' expects 0~0x40 or 0xf0~0xfe");
        assertThat(refusal(expect("mtl-01", cell("meteor-lake", "q35", "ovmf", "upt", "x-igd-gms=0x2"))))
                .isEqualTo("x-igd-gms is not supported on this device");
    }

    @Test
    void anAutomaticLegacyFailureReturnsBeforeTheGmsCheck() {
        // §2.3 step 12: auto-legacy failure returns at once; steps 6-11 (GMS at 9) never run
        Expectation e = expect("kbl-01", cell("kaby-lake", "pc", "seabios", "legacy", "x-igd-gms=0xff"));
        assertThat(e.qemu()).isEqualTo(new QemuOutcome.Starts());
        assertThat(e.stderrPatterns()).contains("Device has no ROM", "IGD legacy mode disabled");
        assertThat(e.ggc()).isEqualTo(HOST);
    }

    // --- rom: §7.1 row "same but no ROM (UEFI host, no romfile)" ---

    @Test
    void rombarZeroOnALegacyCellTakesTheNoRomPath() {
        Expectation e = expect("cfl-01", cell("coffee-lake", "pc", "seabios", "legacy", "rom=none"));
        assertThat(e.stderrPatterns()).contains("Device has no ROM", "IGD legacy mode disabled");
        assertThat(e.fwCfg()).isEmpty();
        assertThat(e.asls()).isEqualTo(HOST);
        assertThat(e.bdsm()).isEqualTo(HOST);
    }

    // --- OVMF + current IgdAssignmentDxe: §4.2, §7.1 rows with IgdAssignmentDxe ---

    @Test
    void theCurrentIgdAssignmentDxeWritesAslsAndTheGenerationsBdsm() {
        // gen 9 legacy at 02.0 on a host without a VBIOS: the romfile is the ROM, legacy works
        Expectation kbl = expect("kbl-01", cell("kaby-lake", "pc", "ovmf", "legacy", "rom=romfile-efi"));
        assertThat(kbl.stderrPatterns()).contains("IGD legacy mode enabled");
        assertThat(kbl.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(kbl.bdsm()).isEqualTo(FIRMWARE_ALLOCATED);
        // gen 12 at 02.0: qword 0xC0, 0x5C passes through
        Expectation adl = expect("adl-01", cell("alder-lake", "pc", "ovmf", "legacy", "x-igd-legacy-mode=off", "rom=romfile-efi"));
        assertThat(adl.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(adl.bdsm()).isEqualTo(HOST);
        assertThat(adl.bdsm64()).isEqualTo(FIRMWARE_ALLOCATED);
        // gen 12 away from 02.0: BDSM only at bus 0 dev 2 fn 0, so 0xC0 stays EMU0
        Expectation adlUpt = expect("adl-01", cell("alder-lake", "q35", "ovmf", "upt", "rom=romfile-efi"));
        assertThat(adlUpt.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(adlUpt.bdsm64()).isEqualTo(ZERO);
        // gen -1 (MTL): OpRegion only
        Expectation mtl = expect("mtl-01", cell("meteor-lake", "q35", "ovmf", "upt", "rom=romfile-efi"));
        assertThat(mtl.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(mtl.bdsm()).isEqualTo(HOST);
        assertThat(mtl.bdsm64()).isEqualTo(HOST);
        // no etc/igd-opregion (x-igd-opregion=off, not legacy): the driver does nothing
        Expectation off = expect("cfl-01", cell("coffee-lake", "q35", "ovmf", "upt", "x-igd-opregion=off", "rom=romfile-efi"));
        assertThat(off.asls()).isEqualTo(ZERO);
        assertThat(off.bdsm()).isEqualTo(ZERO);
    }

    @Test
    void everyReleaseCellOnTheTwinHasAnExpectation() throws Exception {
        Suite release = SuiteLoader.load(Path.of("../scenarios/suites/release.yaml"));
        for (Cell c : release.cells()) {
            assertThat(twin.hostsOf(c.generation())).allSatisfy(h -> assertThat(oracle.expect(c, h)).isNotNull());
        }
    }
}
