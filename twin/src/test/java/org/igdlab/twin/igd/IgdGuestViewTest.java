package org.igdlab.twin.igd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;
import org.junit.jupiter.api.Test;

/**
 * The guest-visible registers for the rows of igd-model.md §7.1 (QEMU 10.1/10.2). Expected values
 * are written from the document, not from the code.
 */
class IgdGuestViewTest {
    static final long MIB = 1024 * 1024;
    static final long FOUR_GIB = 0x1_0000_0000L;
    static final long CFL_ASLS = 0x8a3a4018L;
    static final long CFL_BDSM = 0x8b800001L;

    /** A host IGD with the registers of the inventory entry. */
    static HostIgd host(int deviceId, int classCode, int ggc, long bdsm, Long bdsm64, long asls, boolean shadowRom) {
        ConfigSpace c = new ConfigSpace();
        c.write(0x00, 2, 0x8086);
        c.write(0x02, 2, deviceId);
        c.write(0x09, 1, classCode & 0xff);
        c.write(0x0a, 1, (classCode >> 8) & 0xff);
        c.write(0x0b, 1, classCode >> 16);
        c.write(0x50, 2, ggc);
        c.write(0x5c, 4, bdsm);
        if (bdsm64 != null) c.write(0xc0, 8, bdsm64);
        c.write(0xfc, 4, asls);
        byte[] opregion = new byte[8192];
        System.arraycopy("IntelGraphicsMem".getBytes(StandardCharsets.US_ASCII), 0, opregion, 0, 16);
        opregion[0x10] = 8;
        return new HostIgd(PciAddress.IGD, c, shadowRom ? 0x20000 : 0, opregion, 0xa305, 0x10);
    }

    static HostIgd coffeeLake() {
        return host(0x3e92, 0x030000, 0x02c1, CFL_BDSM, null, CFL_ASLS, true);
    }

    record Boot(QuirkOutcome outcome, PciConfigAccess guest, List<String> firmwareLog) {
        long reg(int offset, int width) {
            return guest.read(offset, width);
        }

        List<String> messages() {
            return outcome.diagnostics().stream().map(Diagnostic::render).toList();
        }

        Map<String, byte[]> fwCfg() {
            return ((QuirkOutcome.Realized) outcome).fwCfg();
        }
    }

    static Boot boot(HostIgd host, IgdOptions options, MachineFamily machine, GuestFirmware firmware) {
        IgdAssignment a = new IgdAssignment(host, options, machine, PciAddress.IGD, true, machine == MachineFamily.Q35);
        QuirkOutcome outcome = IgdQuirk.forQemuVersion("10.1.2").orElseThrow().realize(a);
        if (!(outcome instanceof QuirkOutcome.Realized r)) return new Boot(outcome, null, List.of());
        AssignedIgd igd = new AssignedIgd(host, r.emulations(), PciAddress.IGD);
        List<String> log = firmware.post(new FirmwareContext(r.fwCfg(), new ArrayList<>(List.of(igd)), 0xC000_0000L));
        return new Boot(outcome, igd, log);
    }

    static IgdOptions defaults() {
        return IgdOptions.defaults();
    }

    static IgdOptions with(OnOffAuto legacy, boolean opregion) {
        return new IgdOptions(legacy, opregion, false, 0, false, false, false);
    }

    static final GuestFirmware SEABIOS = new SeaBios("1.17.0");
    static final GuestFirmware OVMF = new StockOvmf("edk2-stable202508");

    @Test
    void seaBiosOnI440fxLegacyGen9WritesAFirmwareOpRegionAndDsmAddress() {
        Boot b = boot(coffeeLake(), defaults(), MachineFamily.PC_PIIX, SEABIOS);
        assertThat(b.messages()).containsExactly("info: OpRegion detected on Intel display 3e92.",
                "info: IGD legacy mode enabled, use x-igd-legacy-mode=off to disable it if unwanted.");
        assertThat(b.fwCfg()).containsOnlyKeys("etc/igd-opregion", "etc/igd-bdsm-size");
        long asls = b.reg(0xfc, 4);
        assertThat(asls).isNotZero().isLessThan(FOUR_GIB).isNotEqualTo(CFL_ASLS);
        assertThat(asls % 4096).isZero();
        long bdsm = b.reg(0x5c, 4);
        assertThat(bdsm).isNotZero().isLessThan(FOUR_GIB).isNotEqualTo(CFL_BDSM);
        assertThat(bdsm % MIB).isZero();
        assertThat(b.reg(0x50, 2)).as("GGC is HOST").isEqualTo(0x02c1);
        assertThat(b.firmwareLog()).anyMatch(l -> l.startsWith("Intel IGD OpRegion enabled at 0x") && l.endsWith("size 8KB, dev 00:02.0"));
    }

    @Test
    void seaBiosWritesGen12s0x5cThroughToTheDeviceButTheWriteEndsWithTheVmRun() {
        HostIgd tigerLake = host(0x9a49, 0x030000, 0x05c1, 0L, 0x7c000001L, 0x7b2d4018L, false);

        Boot seabios = boot(tigerLake, defaults(), MachineFamily.PC_PIIX, SEABIOS);
        assertThat(seabios.reg(0x5c, 4)).as("H4: the write lands in the device and reads back in this run").isNotZero();
        assertThat(seabios.reg(0xc0, 8)).as("0xC0 is EMU0 and SeaBIOS never writes it").isZero();

        assertThat(tigerLake.hardware().read(0x5c, 4)).as("the host's register after the run").isZero();
        Boot next = boot(tigerLake, defaults(), MachineFamily.PC_PIIX, OVMF);
        assertThat(next.reg(0x5c, 4)).as("the next cell on the host reads the host value").isZero();
    }

    @Test
    void bdsmSizeIsTheDsmSizeFromGmsWithoutTheGttStolenSize() {
        Boot b = boot(coffeeLake(), defaults(), MachineFamily.PC_PIIX, SEABIOS);
        long size = ByteBuffer.wrap(b.fwCfg().get("etc/igd-bdsm-size")).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(size).as("GMS 0x02 x 32 MiB").isEqualTo(64 * MIB);
    }

    @Test
    void stockOvmfLeavesTheEmulatedRegistersAtZero() {
        Boot b = boot(coffeeLake(), defaults(), MachineFamily.PC_PIIX, OVMF);
        assertThat(b.reg(0xfc, 4)).isZero();
        assertThat(b.reg(0x5c, 4)).isZero();
        assertThat(b.reg(0x50, 2)).isEqualTo(0x02c1);
    }

    @Test
    void withoutARomAutoLegacyFailsAndTheGuestSeesTheHostValues() {
        HostIgd kabyLake = host(0x5917, 0x030000, 0x01c1, 0x7b800001L, null, 0x7a6f1018L, false);
        Boot b = boot(kabyLake, defaults(), MachineFamily.PC_PIIX, SEABIOS);
        assertThat(b.messages()).containsExactly("info: OpRegion detected on Intel display 5917.",
                "info: IGD legacy mode enabled, use x-igd-legacy-mode=off to disable it if unwanted.",
                "Device has no ROM", "IGD legacy mode disabled");
        assertThat(b.fwCfg()).isEmpty();
        assertThat(b.reg(0xfc, 4)).isEqualTo(0x7a6f1018L);
        assertThat(b.reg(0x5c, 4)).isEqualTo(0x7b800001L);
    }

    @Test
    void aRomfileSatisfiesTheLegacyRomRequirement() {
        HostIgd kabyLake = host(0x5917, 0x030000, 0x01c1, 0x7b800001L, null, 0x7a6f1018L, false);
        IgdOptions romfile = new IgdOptions(OnOffAuto.AUTO, true, false, 0, true, false, false);
        Boot b = boot(kabyLake, romfile, MachineFamily.PC_PIIX, SEABIOS);
        assertThat(b.messages()).doesNotContain("Device has no ROM");
        assertThat(b.reg(0xfc, 4)).isNotZero().isNotEqualTo(0x7a6f1018L);
    }

    @Test
    void q35WithOpRegionOffAndSeaBiosShowsZeroAslsAndAFirmwareDsm() {
        Boot b = boot(coffeeLake(), with(OnOffAuto.AUTO, false), MachineFamily.Q35, SEABIOS);
        assertThat(b.messages()).containsExactly("info: OpRegion detected on Intel display 3e92.");
        assertThat(b.fwCfg()).containsOnlyKeys("etc/igd-bdsm-size");
        assertThat(b.reg(0xfc, 4)).isZero();
        assertThat(b.reg(0x5c, 4)).isNotZero().isNotEqualTo(CFL_BDSM);
        assertThat(b.reg(0x5c, 4) % MIB).isZero();
    }

    @Test
    void legacyModeOffOnI440fxStillGetsTheFirmwareOpRegion() {
        Boot b = boot(coffeeLake(), with(OnOffAuto.OFF, true), MachineFamily.PC_PIIX, SEABIOS);
        assertThat(b.messages()).containsExactly("info: OpRegion detected on Intel display 3e92.");
        assertThat(b.reg(0xfc, 4)).isNotZero().isNotEqualTo(CFL_ASLS);
    }

    @Test
    void gen11And12WithSeaBiosLeaveTheQwordBdsmAtZero() {
        HostIgd iceLake = host(0x8a52, 0x030000, 0x05c1, 0, 0x4b800001L, 0x4a5e9018L, false);
        Boot icl = boot(iceLake, defaults(), MachineFamily.PC_PIIX, SEABIOS);
        assertThat(icl.messages()).containsExactly("info: OpRegion detected on Intel display 8a52.");
        assertThat(icl.reg(0xc0, 8)).isZero();
        assertThat(icl.reg(0xfc, 4)).isNotZero().isNotEqualTo(0x4a5e9018L);
        assertThat(icl.reg(0x5c, 4)).as("SeaBIOS's 0x5C write is not emulated; it lands in the device and reads back [inferred]")
                .isNotZero();

        HostIgd tigerLake = host(0x9a49, 0x030000, 0x05c1, 0, 0x7c000001L, 0x7b2d4018L, false);
        Boot tgl = boot(tigerLake, defaults(), MachineFamily.Q35, SEABIOS);
        assertThat(tgl.reg(0xc0, 8)).isZero();
    }

    @Test
    void unknownGenerationGetsAZeroBdsmSizeAndHostBdsmRegisters() {
        HostIgd meteorLake = host(0x7d55, 0x030000, 0x0000, 0, 0L, 0x6c1f7018L, false);
        Boot b = boot(meteorLake, defaults(), MachineFamily.Q35, SEABIOS);
        assertThat(b.fwCfg().get("etc/igd-bdsm-size")).containsExactly(new byte[8]);
        assertThat(b.reg(0x5c, 4)).isEqualTo(meteorLake.hardware().read(0x5c, 4));
        assertThat(b.reg(0xc0, 8)).isZero();
        assertThat(b.reg(0xfc, 4)).as("SeaBIOS handles the OpRegion of any Intel VGA device").isNotZero().isNotEqualTo(0x6c1f7018L);
    }

    @Test
    void forcedLegacyModeOnQ35IsFatal() {
        Boot b = boot(coffeeLake(), with(OnOffAuto.ON, true), MachineFamily.Q35, SEABIOS);
        assertThat(b.outcome()).isInstanceOfSatisfying(QuirkOutcome.Refused.class, r -> assertThat(r.error()).isEqualTo(
                "Machine is not i440fx, assigned BDF is not 00:02.0, or device 3e92 (gen 9) doesn't support legacy mode"));
    }

    @Test
    void aHostWithIvdSetNeverGetsLegacyMode() {
        HostIgd ivd = host(0x3e92, 0x030000, 0x02c3, CFL_BDSM, null, CFL_ASLS, true);
        Boot b = boot(ivd, with(OnOffAuto.ON, true), MachineFamily.PC_PIIX, SEABIOS);
        assertThat(b.outcome()).isInstanceOf(QuirkOutcome.Refused.class);
    }

    @Test
    void aDisplayClassIgdIsIgnoredByQemu101() {
        HostIgd display = host(0x3e92, 0x038000, 0x02c1, CFL_BDSM, null, CFL_ASLS, true);
        Boot b = boot(display, defaults(), MachineFamily.Q35, SEABIOS);
        assertThat(b.messages()).isEmpty();
        assertThat(b.reg(0xfc, 4)).isEqualTo(CFL_ASLS);
    }

    @Test
    void anXIgdGmsOnAnUnknownGenerationCrashesQemu() {
        HostIgd meteorLake = host(0x7d55, 0x030000, 0x0000, 0, 0L, 0x6c1f7018L, false);
        IgdOptions gms = new IgdOptions(OnOffAuto.AUTO, true, false, 2, false, false, false);
        Boot b = boot(meteorLake, gms, MachineFamily.Q35, SEABIOS);
        assertThat(b.outcome()).isInstanceOf(QuirkOutcome.Crashed.class);
        assertThat(b.messages()).contains("x-igd-gms is not supported on this device");
    }

    @Test
    void aValidXIgdGmsIsEmulatedInGgc() {
        IgdOptions gms = new IgdOptions(OnOffAuto.AUTO, true, false, 1, false, false, false);
        Boot b = boot(coffeeLake(), gms, MachineFamily.PC_PIIX, SEABIOS);
        assertThat(b.reg(0x50, 2)).isEqualTo(0x01c1);
    }

    @Test
    void theSeededFirmwareFaultLeavesAslsUnwrittenAndEverythingElseAlone() {
        GuestFirmware faulty = new FaultedFirmware(SEABIOS, new Faults(Set.of(Fault.FIRMWARE_NEVER_WRITES_ASLS)));
        Boot b = boot(coffeeLake(), defaults(), MachineFamily.PC_PIIX, faulty);
        assertThat(b.reg(0xfc, 4)).isZero();
        assertThat(b.reg(0x5c, 4)).isNotZero();
    }

    static final GuestFirmware OVMF_IGD_DXE = new IgdAssignmentDxe(OVMF, IgdAssignmentDxe.Variant.CURRENT);
    static final GuestFirmware OVMF_IGD_DXE_2018 = new IgdAssignmentDxe(OVMF, IgdAssignmentDxe.Variant.ORIGINAL_2018);

    @Test
    void ovmfWithTheCurrentIgdAssignmentDxeWritesOpRegionAndDsmAddressesOnGen9() {
        Boot b = boot(coffeeLake(), defaults(), MachineFamily.PC_PIIX, OVMF_IGD_DXE);
        long asls = b.reg(0xfc, 4);
        assertThat(asls).isNotZero().isLessThan(FOUR_GIB).isNotEqualTo(CFL_ASLS);
        assertThat(asls % 4096).isZero();
        long bdsm = b.reg(0x5c, 4);
        assertThat(bdsm).isNotZero().isLessThan(FOUR_GIB).isNotEqualTo(CFL_BDSM);
        assertThat(bdsm % MIB).isZero();
        assertThat(b.firmwareLog()).anyMatch(l -> l.startsWith("SetupOpRegion: 0000:00:02.0: OpRegion @ 0x"));
        assertThat(b.firmwareLog()).anyMatch(l -> l.endsWith("size 64 MB"));
    }

    @Test
    void theCurrentIgdAssignmentDxeWritesTheQwordBdsmOnGen12AndLeaves0x5cToTheHost() {
        HostIgd alderLake = host(0x4682, 0x030000, 0xfec1, 0, 0x3c800001L, 0x3b9b6018L, false);
        Boot b = boot(alderLake, defaults(), MachineFamily.Q35, OVMF_IGD_DXE);
        assertThat(b.reg(0xfc, 4)).isNotZero().isNotEqualTo(0x3b9b6018L);
        long bdsm64 = b.reg(0xc0, 8);
        assertThat(bdsm64).isNotZero().isLessThan(FOUR_GIB);
        assertThat(bdsm64 % MIB).isZero();
        assertThat(b.reg(0x5c, 4)).as("HOST").isEqualTo(0);
    }

    @Test
    void theOriginalIgdAssignmentDxeWrites0x5cOnGen12AndLeavesTheQwordAtZero() {
        HostIgd tigerLake = host(0x9a49, 0x030000, 0x05c1, 0, 0x7c000001L, 0x7b2d4018L, false);
        Boot b = boot(tigerLake, defaults(), MachineFamily.Q35, OVMF_IGD_DXE_2018);
        assertThat(b.reg(0xfc, 4)).isNotZero();
        assertThat(b.reg(0xc0, 8)).isZero();
        assertThat(b.reg(0x5c, 4)).as("written through to the device [inferred]").isNotZero();
    }

    @Test
    void onMeteorLakeTheCurrentDxeSetsUpOnlyTheOpRegionAndTheOriginalAbortsOnBdsmSizeZero() {
        Boot current = boot(host(0x7d55, 0x030000, 0, 0, 0L, 0x6c1f7018L, false), defaults(), MachineFamily.Q35, OVMF_IGD_DXE);
        assertThat(current.reg(0xfc, 4)).isNotZero().isNotEqualTo(0x6c1f7018L);
        assertThat(current.reg(0x5c, 4)).isZero();
        assertThat(current.reg(0xc0, 8)).isZero();
        Boot original = boot(host(0x7d55, 0x030000, 0, 0, 0L, 0x6c1f7018L, false), defaults(), MachineFamily.Q35, OVMF_IGD_DXE_2018);
        assertThat(original.reg(0xfc, 4)).isZero();
    }
}
