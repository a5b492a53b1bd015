package org.igdlab.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.igdlab.runner.scenario.RegisterExpectation.EXACT;
import static org.igdlab.runner.scenario.RegisterExpectation.FIRMWARE_ALLOCATED;
import static org.igdlab.runner.scenario.RegisterExpectation.HOST;
import static org.igdlab.runner.scenario.RegisterExpectation.UNCHECKED;
import static org.igdlab.runner.scenario.RegisterExpectation.ZERO;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.igdlab.runner.inventory.Inventory;
import org.igdlab.runner.inventory.InventoryLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The oracle's section for QEMU bands C, B and A against igd-model.md, the expected values written
 * out here by hand from §7.2, §2.9, §2.5 (band history), §2.2 (older tables), §2.8 (older texts)
 * and §1 (option history), for cells on the twin fleet's hosts.
 */
class OlderBandsExpectationsTest {

    static Expectations oracle;
    static Inventory twin;

    @BeforeAll
    static void load() throws Exception {
        oracle = Expectations.load(Path.of("../scenarios/expectations.yaml"));
        twin = InventoryLoader.load(Path.of("../lab-inventory/twin.yaml"), Path.of("../lab-inventory/artifacts.yaml"));
    }

    static Cell cell(String qemu, String generation, String machine, String firmware, String mode, String... options) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("generation", generation);
        axes.put("machine", machine);
        axes.put("firmware", firmware);
        axes.put("mode", mode);
        for (String o : options) {
            axes.put(o.substring(0, o.indexOf('=')), o.substring(o.indexOf('=') + 1));
        }
        axes.put("qemu", qemu);
        return Cell.of(axes, "linux");
    }

    static Expectation expect(String host, Cell cell) {
        return oracle.expect(cell, twin.host(host).orElseThrow());
    }

    static String refusal(Expectation e) {
        assertThat(e.qemu()).isInstanceOf(QemuOutcome.Refuses.class);
        return ((QemuOutcome.Refuses) e.qemu()).messagePattern();
    }

    // --- band C (10.0) ---------------------------------------------------------------------------

    @Test
    void bandCWithoutXIgdOpregionLeavesTheHostAslsButEmulatesBdsmEverywhere() {
        // §7.2 C: 0xFC HOST unless x-igd-opregion=on or legacy; BDSM EMU0 on any machine/address;
        // bdsm-size in every mode; no "OpRegion detected" line (§2.8 C)
        Expectation e = expect("cfl-01", cell("qemu-10.0.3", "coffee-lake", "q35", "seabios", "upt"));
        assertThat(e.asls()).isEqualTo(HOST);
        assertThat(e.bdsm()).isEqualTo(ZERO);
        assertThat(e.fwCfg()).containsExactly("igd-bdsm-size");
        assertThat(e.stderrPatterns()).isEmpty();
        assertThat(e.qemu()).isInstanceOf(QemuOutcome.Starts.class);
        // at 00:02.0 (q35, mode legacy, not legacy mode) SeaBIOS writes 0x5C: its BDSM step needs only bdsm-size
        assertThat(expect("cfl-01", cell("qemu-10.0.3", "coffee-lake", "q35", "seabios", "legacy")).bdsm()).isEqualTo(FIRMWARE_ALLOCATED);
    }

    @Test
    void bandCLegacyWorksForGen11And12OnI440fxButNeedsAVbios() {
        // §7.2 C: legacy works for all gens 6–12; icl-01 has no shadow ROM: auto legacy fails (F2)
        Expectation noRom = expect("icl-01", cell("qemu-10.0.3", "ice-lake", "pc", "seabios", "legacy"));
        assertThat(noRom.stderrPatterns()).containsExactly("IGD legacy mode enabled", "Device has no ROM", "IGD legacy mode disabled");
        assertThat(noRom.asls()).isEqualTo(HOST);
        assertThat(noRom.bdsm64()).isEqualTo(HOST);
        assertThat(noRom.fwCfg()).isEmpty();
        // forced on a gen 12 at i440fx 00:02.0 it is not refused for the generation (10.1 would be), only for the ROM
        assertThat(refusal(expect("adl-01", cell("qemu-10.0.3", "alder-lake", "pc", "seabios", "legacy", "x-igd-legacy-mode=on"))))
                .isEqualTo("Device has no ROM");
    }

    @Test
    void bandCLegacyTakesTheKernelsRomRegionWhateverRombarSays() {
        // §2.3 step 5 "kernel ROM region size > 0, or romfile set"; snb-01 has a shadow ROM
        Expectation e = expect("snb-01", cell("qemu-10.0.3", "sandy-bridge", "pc", "seabios", "legacy", "rom=none"));
        assertThat(e.stderrPatterns()).containsExactly("IGD legacy mode enabled");
        assertThat(e.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(e.fwCfg()).containsExactly("igd-opregion", "igd-bdsm-size");
    }

    @Test
    void bandCRefusesForcedLegacyOnQ35WithTheTenOhText() {
        String text = "Machine is not i440fx or assigned BDF is not 00:02.0";
        assertThat(text).containsPattern(refusal(expect("cfl-01", cell("qemu-10.0.3", "coffee-lake", "q35", "seabios", "legacy",
                "x-igd-legacy-mode=on"))));
        Expectation upt = expect("cfl-01", cell("qemu-10.0.3", "coffee-lake", "pc", "seabios", "upt", "x-igd-legacy-mode=on",
                "x-igd-gms=0x41"));
        assertThat(text).containsPattern(refusal(upt));
        // the legacy check fails before the x-igd-gms step, whose message is then never printed
        assertThat(upt.stderrPatterns()).isEmpty();
    }

    @Test
    void bandCKeepsTheHostGmsAfterAnInvalidXIgdGmsAndStarts() {
        // §2.5: "In 10.0 the same message (only 0~0x10/0~0x40) was non-fatal and the host GMS was kept"
        Expectation e = expect("cfl-01", cell("qemu-10.0.3", "coffee-lake", "q35", "seabios", "upt", "x-igd-gms=0xf0"));
        assertThat(e.qemu()).isInstanceOf(QemuOutcome.Starts.class);
        assertThat(e.stderrPatterns()).containsExactly("Parameter 'x-igd-gms' expects 0~0x40");
        assertThat(e.ggc()).isEqualTo(HOST);
        // a valid one is emulated: cfl-01's GGC 0x02c1 with GMS (bits 15:8) = 0x10
        Expectation valid = expect("cfl-01", cell("qemu-10.0.3", "coffee-lake", "q35", "seabios", "upt", "x-igd-gms=0x10"));
        assertThat(valid.ggc()).isEqualTo(EXACT);
        assertThat(valid.ggcValue()).hasValue(0x10c1);
    }

    @Test
    void bandCDoesNothingForMeteorLakeButPrintOneLine() {
        Expectation e = expect("mtl-01", cell("qemu-10.0.3", "meteor-lake", "q35", "seabios", "upt", "x-igd-opregion=on", "x-igd-gms=0x2"));
        assertThat(e.qemu()).isInstanceOf(QemuOutcome.Starts.class);
        assertThat(e.stderrPatterns()).singleElement().satisfies(p -> assertThat(
                "IGD device 0000:00:02.0 is unsupported in legacy mode, try SandyBridge or newer").containsPattern(p));
        assertThat(java.util.List.of(e.asls(), e.bdsm(), e.bdsm64(), e.ggc())).containsOnly(HOST);
        assertThat(e.fwCfg()).isEmpty();
    }

    // --- band B (9.2) ----------------------------------------------------------------------------

    @Test
    void bandBOutsideLegacyModeChangesNothingButWithXIgdOpregion() {
        // §7.2 B: "Not legacy: only x-igd-opregion=on changes anything (0xFC EMU0 + opregion file). BDSM/GGC HOST, no bdsm-size"
        Expectation plain = expect("cfl-01", cell("qemu-9.2.4", "coffee-lake", "q35", "seabios", "upt"));
        assertThat(java.util.List.of(plain.asls(), plain.bdsm(), plain.ggc())).containsOnly(HOST);
        assertThat(plain.fwCfg()).isEmpty();
        Expectation on = expect("hsw-01", cell("qemu-9.2.4", "haswell", "q35", "ovmf", "upt", "x-igd-opregion=on"));
        assertThat(on.asls()).isEqualTo(ZERO);
        assertThat(on.bdsm()).isEqualTo(HOST);
        assertThat(on.fwCfg()).containsExactly("igd-opregion");
    }

    @Test
    void bandBLegacyNeedsAGenerationItsTableKnows() {
        // §2.2 B: 0x3E00 → 9 (Coffee Lake), 0x46xx (Alder Lake) → −1
        Expectation cfl = expect("cfl-01", cell("qemu-9.2.4", "coffee-lake", "pc", "seabios", "legacy"));
        assertThat(cfl.asls()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(cfl.bdsm()).isEqualTo(FIRMWARE_ALLOCATED);
        assertThat(cfl.ggc()).isEqualTo(HOST);
        assertThat(cfl.fwCfg()).containsExactly("igd-opregion", "igd-bdsm-size");
        Expectation adl = expect("adl-01", cell("qemu-9.2.4", "alder-lake", "pc", "seabios", "legacy"));
        assertThat(adl.stderrPatterns()).singleElement().satisfies(p -> assertThat(
                "IGD device 0000:00:02.0 is unsupported in legacy mode, try SandyBridge or newer").containsPattern(p));
        assertThat(adl.asls()).isEqualTo(HOST);
    }

    @Test
    void bandsAAndBRefuseTheTenOhProperties() {
        // §1: x-igd-legacy-mode and x-igd-lpc exist since 10.0
        assertThat("Property 'vfio-pci.x-igd-legacy-mode' not found").containsPattern(
                refusal(expect("cfl-01", cell("qemu-9.2.4", "coffee-lake", "pc", "seabios", "upt", "x-igd-legacy-mode=off"))));
        Expectation lpc = expect("cfl-01", cell("qemu-8.2.7", "coffee-lake", "q35", "seabios", "legacy", "x-igd-lpc=on", "x-igd-gms=0x41"));
        assertThat("Property 'vfio-pci.x-igd-lpc' not found").containsPattern(refusal(lpc));
        // the property is refused before realize, so none of the IGD code's lines (here: the 1f.0 one) is printed
        assertThat(lpc.stderrPatterns()).isEmpty();
        // and x-igd-gms is no refusal before 10.1 (band B ignores it)
        assertThat(expect("cfl-01", cell("qemu-9.2.4", "coffee-lake", "pc", "seabios", "upt", "x-igd-gms=0xff")).qemu())
                .isInstanceOf(QemuOutcome.Starts.class);
    }

    // --- band A (2.7-9.1) ------------------------------------------------------------------------

    @Test
    void bandALegacyZeroesGmsInTheGuestGgcUnlessXIgdGmsSetsIt() {
        // §2.5 band history A / §7.2 A: GGC emulated with GMS = 0; x-igd-gms 1..0x10 sets it
        Expectation e = expect("snb-01", cell("qemu-8.2.7", "sandy-bridge", "pc", "seabios", "legacy"));
        assertThat(e.ggc()).isEqualTo(EXACT);
        assertThat(e.ggcValue()).hasValue(0x0211 & ~0xF8);            // snb-01 GGC 0x0211, GMS bits 7:3
        assertThat(expect("cfl-01", cell("qemu-8.2.7", "coffee-lake", "pc", "seabios", "legacy")).ggcValue())
                .hasValue(0x00c1);                                    // cfl-01 GGC 0x02c1, GMS bits 15:8
        assertThat(expect("cfl-01", cell("qemu-8.2.7", "coffee-lake", "pc", "seabios", "legacy", "x-igd-gms=0x10")).ggcValue())
                .hasValue(0x10c1);
        Expectation invalid = expect("cfl-01", cell("qemu-8.2.7", "coffee-lake", "pc", "seabios", "legacy", "x-igd-gms=0x40"));
        assertThat(invalid.ggcValue()).hasValue(0x00c1);
        assertThat(invalid.stderrPatterns()).containsExactly("Unsupported IGD GMS value 0x");
        // outside legacy mode GGC passes through
        assertThat(expect("cfl-01", cell("qemu-8.2.7", "coffee-lake", "q35", "seabios", "legacy")).ggc()).isEqualTo(HOST);
    }

    @Test
    void bandAOnQ35SaysTheLpcSlotIsTakenAndPassesEverythingThrough() {
        Expectation e = expect("cfl-01", cell("qemu-8.2.7", "coffee-lake", "q35", "seabios", "legacy"));
        assertThat(e.stderrPatterns()).singleElement().satisfies(p -> assertThat(
                "IGD device 0000:00:02.0 cannot support legacy mode due to existing devices at address 1f.0").containsPattern(p));
        assertThat(java.util.List.of(e.asls(), e.bdsm(), e.ggc())).containsOnly(HOST);
        assertThat(e.bdsm64()).isEqualTo(UNCHECKED);
    }

    @Test
    void bandAAndBLegacyWithAnOldSeaBiosAbortsAtTheVbiosGttWrite() {
        String gtt = "vfio-igd: Guest attempted to program IGD GTT before BIOS reserved stolen memory.  Unsupported BIOS?";
        assertThat(gtt).containsPattern(refusal(expect("snb-01", cell("qemu-8.2.7", "sandy-bridge", "pc", "seabios-old", "legacy"))));
        assertThat(gtt).containsPattern(refusal(expect("hsw-01", cell("qemu-9.2.4", "haswell", "pc", "seabios-old", "legacy"))));
        // rombar=0: no VBIOS runs, so nothing programs the GTT; the emulated registers stay 0
        Expectation noRomBar = expect("snb-01", cell("qemu-8.2.7", "sandy-bridge", "pc", "seabios-old", "legacy", "rom=none"));
        assertThat(noRomBar.qemu()).isInstanceOf(QemuOutcome.Starts.class);
        assertThat(noRomBar.asls()).isEqualTo(ZERO);
        assertThat(noRomBar.bdsm()).isEqualTo(ZERO);
        // band C has no GTT quirk any more
        assertThat(expect("hsw-01", cell("qemu-10.0.3", "haswell", "pc", "seabios-old", "legacy")).qemu())
                .isInstanceOf(QemuOutcome.Starts.class);
    }
}
