package org.igdlab.twin.igd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.igdlab.twin.fault.Faults;
import org.junit.jupiter.api.Test;

/**
 * The model mutations of twin.yaml {@code twin.faults} (twin/README.md "Model mutations"): each one
 * changes exactly the igd-model.md rule it names, at its decision point, on QEMU 10.1. A healthy
 * host's values are in {@link IgdGuestViewTest}; here each mutation is compared with the same boot
 * without it. opregion-default-off acts where the command line is read (qemu.VfioIgdRealizer), so it
 * is checked end to end only (lab MutationsOnTwinIT).
 */
class ModelMutationsTest {
    static final long MIB = 1024 * 1024;
    static final HostIgd COFFEE_LAKE = IgdGuestViewTest.coffeeLake();
    static final HostIgd KABY_LAKE_NO_ROM = IgdGuestViewTest.host(0x5917, 0x030000, 0x01c1, 0x7b800001L, null, 0x7a6f1018L, false);
    static final HostIgd TIGER_LAKE = IgdGuestViewTest.host(0x9a49, 0x030000, 0x05c1, 0L, 0x7c000001L, 0x7b2d4018L, false);
    static final HostIgd SANDY_BRIDGE = IgdGuestViewTest.host(0x0126, 0x030000, 0x0211, 0xdba00001L, null, 0xdaef6018L, true);
    static final PciAddress UPT = new PciAddress(0, 5, 0);

    record Boot(QuirkOutcome outcome, PciConfigAccess guest) {
        long reg(int offset, int width) {
            return guest.read(offset, width);
        }

        List<String> messages() {
            return outcome.diagnostics().stream().map(Diagnostic::render).toList();
        }
    }

    static Boot boot(String fault, HostIgd host, IgdOptions options, MachineFamily machine, PciAddress at, String firmware) {
        Faults faults = fault == null ? Faults.none() : Faults.parse(List.of(fault));
        IgdAssignment a = new IgdAssignment(host, options, machine, at, true, machine == MachineFamily.Q35, faults);
        QuirkOutcome outcome = IgdQuirk.forQemuVersion("10.1.2").orElseThrow().realize(a);
        if (!(outcome instanceof QuirkOutcome.Realized r)) return new Boot(outcome, null);
        AssignedIgd igd = new AssignedIgd(host, r.emulations(), at);
        GuestFirmware fw = firmware.equals("seabios") ? new SeaBios("1.17.0", faults) : new StockOvmf("edk2-stable202508", faults);
        fw.post(new FirmwareContext(r.fwCfg(), new ArrayList<>(List.of(igd)), 0xC000_0000L));
        return new Boot(outcome, igd);
    }

    static Boot legacy(String fault, HostIgd host, String firmware) {
        return boot(fault, host, IgdOptions.defaults(), MachineFamily.PC_PIIX, PciAddress.IGD, firmware);
    }

    static IgdOptions opregion(boolean on) {
        return new IgdOptions(OnOffAuto.AUTO, on, false, 0, false, false, false);
    }

    @Test
    void seabiosWrites0xc0MovesTheDsmBaseFrom0x5cTo0xc0() {
        assertThat(legacy(null, COFFEE_LAKE, "seabios").reg(0xc0, 8)).isEqualTo(COFFEE_LAKE.hardware().read(0xc0, 8));
        Boot b = legacy("seabios-writes-0xc0", COFFEE_LAKE, "seabios");
        assertThat(b.reg(0x5c, 4)).isZero();
        assertThat(b.reg(0xc0, 8) % MIB).isZero();
        assertThat(b.reg(0xc0, 8)).isNotZero();
    }

    @Test
    void seabiosBdsmAtAnyBdfProgramsBdsmAwayFrom0200() {
        IgdOptions opts = IgdOptions.defaults();
        assertThat(boot(null, COFFEE_LAKE, opts, MachineFamily.Q35, UPT, "seabios").reg(0x5c, 4)).isZero();
        assertThat(boot("seabios-bdsm-at-any-bdf", COFFEE_LAKE, opts, MachineFamily.Q35, UPT, "seabios").reg(0x5c, 4)).isNotZero();
    }

    @Test
    void bdsmNot1MibAlignedLeavesTheDsmOnlyPageAligned() {
        long bdsm = legacy("bdsm-not-1mib-aligned", COFFEE_LAKE, "seabios").reg(0x5c, 4);
        assertThat(bdsm % 4096).isZero();
        assertThat(bdsm % MIB).isNotZero();
    }

    @Test
    void opregionNotPageAlignedLeavesAslsOffAPageBoundary() {
        assertThat(legacy(null, COFFEE_LAKE, "seabios").reg(0xfc, 4) % 4096).isZero();
        assertThat(legacy("opregion-not-page-aligned", COFFEE_LAKE, "seabios").reg(0xfc, 4) % 4096).isNotZero();
    }

    @Test
    void ovmfWritesAslsGivesStockOvmfAnOpRegion() {
        assertThat(legacy(null, COFFEE_LAKE, "ovmf").reg(0xfc, 4)).isZero();
        long asls = legacy("ovmf-writes-asls", COFFEE_LAKE, "ovmf").reg(0xfc, 4);
        assertThat(asls).isNotZero().isNotEqualTo(IgdGuestViewTest.CFL_ASLS);
        assertThat(asls % 4096).isZero();
    }

    @Test
    void qemuForgetsAslsEmulationShowsTheHostAddressToOvmf() {
        assertThat(legacy("qemu-forgets-asls-emulation", COFFEE_LAKE, "ovmf").reg(0xfc, 4)).isEqualTo(IgdGuestViewTest.CFL_ASLS);
    }

    @Test
    void xIgdOpregionIgnoredStillGivesSeaBiosTheOpRegionFile() {
        IgdOptions off = opregion(false);
        assertThat(boot(null, COFFEE_LAKE, off, MachineFamily.Q35, UPT, "seabios").reg(0xfc, 4)).isZero();
        assertThat(boot("x-igd-opregion-ignored", COFFEE_LAKE, off, MachineFamily.Q35, UPT, "seabios").reg(0xfc, 4)).isNotZero();
    }

    @Test
    void gen11BdsmAt0x5cLeaves0xc0ToTheHardware() {
        assertThat(legacy(null, TIGER_LAKE, "ovmf").reg(0xc0, 8)).isZero();
        assertThat(legacy("gen11-bdsm-at-0x5c", TIGER_LAKE, "ovmf").reg(0xc0, 8)).isEqualTo(0x7c000001L);
    }

    @Test
    void ggcGmsZeroedEmulatesGgcWithoutItsGmsField() {
        assertThat(legacy(null, COFFEE_LAKE, "ovmf").reg(0x50, 2)).isEqualTo(0x02c1);
        assertThat(legacy("ggc-gms-zeroed", COFFEE_LAKE, "ovmf").reg(0x50, 2)).isEqualTo(0x00c1);
        assertThat(legacy("ggc-gms-zeroed", SANDY_BRIDGE, "ovmf").reg(0x50, 2)).as("Gen6: GMS is bits 7:3").isEqualTo(0x0201);
    }

    @Test
    void legacyAllowsGen11And12TriesLegacyOnTigerLake() {
        assertThat(legacy(null, TIGER_LAKE, "seabios").messages()).noneMatch(m -> m.contains("legacy mode enabled"));
        Boot b = legacy("legacy-allows-gen11-12", TIGER_LAKE, "seabios");
        assertThat(b.messages()).anyMatch(m -> m.contains("legacy mode enabled")).contains("Device has no ROM");
        assertThat(b.reg(0xc0, 8)).as("auto-legacy failed: nothing emulated").isEqualTo(0x7c000001L);
    }

    @Test
    void legacyRomCheckSkippedEntersLegacyModeWithoutARom() {
        Boot b = legacy("legacy-rom-check-skipped", KABY_LAKE_NO_ROM, "seabios");
        assertThat(b.messages()).noneMatch(m -> m.contains("Device has no ROM"));
        assertThat(((QuirkOutcome.Realized) b.outcome()).fwCfg()).containsKey("etc/igd-opregion");
    }

    @Test
    void autoLegacyFailureContinuesEmulatesAfterLegacyModeWasDisabled() {
        assertThat(legacy(null, KABY_LAKE_NO_ROM, "ovmf").reg(0xfc, 4)).isEqualTo(0x7a6f1018L);
        Boot b = legacy("auto-legacy-failure-continues", KABY_LAKE_NO_ROM, "ovmf");
        assertThat(b.messages()).contains("Device has no ROM", "IGD legacy mode disabled");
        assertThat(b.reg(0xfc, 4)).isZero();
    }

    @Test
    void wrongErrorMessageRenamesTheNoRomError() {
        assertThat(legacy("wrong-error-message", KABY_LAKE_NO_ROM, "ovmf").messages()).contains("Device has no VBIOS")
                .doesNotContain("Device has no ROM");
    }

    @Test
    void opregionLinePadsDeviceIdPrintsFourHexDigits() {
        assertThat(legacy(null, SANDY_BRIDGE, "ovmf").messages()).contains("info: OpRegion detected on Intel display 126.");
        assertThat(legacy("opregion-line-pads-device-id", SANDY_BRIDGE, "ovmf").messages())
                .contains("info: OpRegion detected on Intel display 0126.");
    }
}
