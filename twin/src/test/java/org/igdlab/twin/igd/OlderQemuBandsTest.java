package org.igdlab.twin.igd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The differences of igd-model.md §7.2 for QEMU 10.0 (C), 9.2 (B) and 2.7–9.1 (A), with the band
 * rules of §1.1, §2.5 and §2.8. Expected values are written from the document, not from the code.
 */
class OlderQemuBandsTest {
    static final long MIB = 1024 * 1024;
    static final long FOUR_GIB = 0x1_0000_0000L;
    static final long CFL_ASLS = 0x8a3a4018L;
    static final long CFL_BDSM = 0x8b800001L;
    static final GuestFirmware SEABIOS_1_17 = new SeaBios("1.17.0");
    static final GuestFirmware SEABIOS_1_9_3 = new SeaBios("1.9.3");
    static final GuestFirmware SEABIOS_1_10_2 = new SeaBios("1.10.2");
    static final GuestFirmware OVMF = new StockOvmf("edk2-stable202508");

    record Boot(QuirkOutcome outcome, AssignedIgd guest, List<String> firmwareLog) {
        long reg(int offset, int width) {
            return guest.read(offset, width);
        }

        List<String> messages() {
            return outcome.diagnostics().stream().map(Diagnostic::render).toList();
        }

        QuirkOutcome.Realized realized() {
            return (QuirkOutcome.Realized) outcome;
        }

        Map<String, byte[]> fwCfg() {
            return realized().fwCfg();
        }

        long bdsmSize() {
            return ByteBuffer.wrap(fwCfg().get("etc/igd-bdsm-size")).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }

        /** The hardware error QEMU raises once the VBIOS programs the GTT, if any. */
        Optional<String> gttError(GuestFirmware firmware) {
            return realized().gttTrap().flatMap(t -> t.afterFirmware(firmware, guest));
        }
    }

    static Boot boot(String qemu, HostIgd host, IgdOptions options, MachineFamily machine, GuestFirmware firmware) {
        return boot(qemu, host, options, machine, PciAddress.IGD, firmware);
    }

    static Boot boot(String qemu, HostIgd host, IgdOptions options, MachineFamily machine, PciAddress at, GuestFirmware firmware) {
        IgdAssignment a = new IgdAssignment(host, options, machine, at, true, machine == MachineFamily.Q35);
        QuirkOutcome outcome = IgdQuirk.forQemuVersion(qemu).orElseThrow().realize(a);
        if (!(outcome instanceof QuirkOutcome.Realized r)) return new Boot(outcome, null, List.of());
        AssignedIgd igd = new AssignedIgd(host, r.emulations(), at);
        List<String> log = firmware.post(new FirmwareContext(r.fwCfg(), new ArrayList<>(List.of(igd)), 0xC000_0000L));
        return new Boot(outcome, igd, log);
    }

    /** Options as QEMU ≤ 10.0 defaults them: x-igd-opregion off. */
    static IgdOptions opts(OnOffAuto legacy, boolean opregion, long gms, boolean romfile) {
        return new IgdOptions(legacy, opregion, false, gms, romfile, false, false);
    }

    static IgdOptions defaults() {
        return opts(OnOffAuto.AUTO, false, 0, false);
    }

    static IgdOptions opregionOn() {
        return opts(OnOffAuto.AUTO, true, 0, false);
    }

    static HostIgd host(int deviceId, int ggc, long bdsm, Long bdsm64, long asls, boolean shadowRom) {
        return IgdGuestViewTest.host(deviceId, 0x030000, ggc, bdsm, bdsm64, asls, shadowRom);
    }

    static HostIgd coffeeLake() {
        return host(0x3e92, 0x02c1, CFL_BDSM, null, CFL_ASLS, true);
    }

    static HostIgd withoutKernelRegions(HostIgd h) {
        return h.withOpRegion(null);
    }

    static HostIgd withoutVgaRegion(HostIgd h) {
        return new HostIgd(h.hostAddress(), h.hardware(), h.romSize(), h.opRegion(), h.lpcDeviceId(), h.lpcRevision(), false);
    }

    // ---------------------------------------------------------------- band C (10.0)

    @Test
    void qemu100OnQ35WithoutXIgdOpregionLeavesTheHostAslsVisible() {
        Boot b = boot("10.0.3", coffeeLake(), defaults(), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(b.messages()).as("no 'OpRegion detected' line in 10.0").isEmpty();
        assertThat(b.reg(0xfc, 4)).as("0xFC HOST").isEqualTo(CFL_ASLS);
        assertThat(b.fwCfg()).containsOnlyKeys("etc/igd-bdsm-size");
        long bdsm = b.reg(0x5c, 4);
        assertThat(bdsm).as("BDSM emulated on any machine, written by SeaBIOS").isNotZero().isNotEqualTo(CFL_BDSM).isLessThan(FOUR_GIB);
        assertThat(bdsm % MIB).isZero();
        assertThat(b.reg(0x50, 2)).as("GGC emulated with the host value").isEqualTo(0x02c1);
    }

    @Test
    void qemu100WithXIgdOpregionOnEmulatesAslsForTheFirmwareToWrite() {
        Boot seabios = boot("10.0.3", coffeeLake(), opregionOn(), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(seabios.fwCfg()).containsOnlyKeys("etc/igd-opregion", "etc/igd-bdsm-size");
        assertThat(seabios.reg(0xfc, 4)).isNotZero().isNotEqualTo(CFL_ASLS);
        Boot ovmf = boot("10.0.3", coffeeLake(), opregionOn(), MachineFamily.Q35, OVMF);
        assertThat(ovmf.reg(0xfc, 4)).as("EMU0, nobody writes it").isZero();
    }

    @Test
    void qemu100GivesAnUnknownGenerationOneErrorLineAndNothingElse() {
        HostIgd meteorLake = host(0x7d55, 0x0000, 0x11111111L, 0L, 0x6c1f7018L, true);
        Boot b = boot("10.0.3", meteorLake, opregionOn(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.messages()).containsExactly("IGD device 0000:00:02.0 is unsupported in legacy mode, try SandyBridge or newer");
        assertThat(b.fwCfg()).as("not even the OpRegion").isEmpty();
        assertThat(b.reg(0xfc, 4)).isEqualTo(0x6c1f7018L);
        assertThat(b.reg(0x5c, 4)).isEqualTo(0x11111111L);
    }

    @Test
    void qemu100LegacyOnI440fxAddsTheOpRegionAndTheLpcBridge() {
        Boot b = boot("10.0.3", coffeeLake(), defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.messages()).containsExactly("info: IGD legacy mode enabled, use x-igd-legacy-mode=off to disable it if unwanted.");
        assertThat(b.fwCfg()).containsOnlyKeys("etc/igd-opregion", "etc/igd-bdsm-size");
        assertThat(b.realized().lpcBridge()).isPresent();
        assertThat(b.reg(0xfc, 4)).isNotZero().isNotEqualTo(CFL_ASLS);
        assertThat(b.bdsmSize()).as("DSM only: GMS 2 x 32 MiB").isEqualTo(64 * MIB);
    }

    @Test
    void qemu100LegacyWorksForGen12WhichTheSeaBiosNeverGivesAQwordBdsm() {
        HostIgd alderLake = host(0x4680, 0x0201, 0, 0x3c800001L, 0x3b9b6018L, true);
        Boot b = boot("10.0.3", alderLake, defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.messages()).contains("info: IGD legacy mode enabled, use x-igd-legacy-mode=off to disable it if unwanted.");
        assertThat(b.reg(0xc0, 8)).as("0xC0 EMU0, SeaBIOS never writes it").isZero();
    }

    @Test
    void qemu100ForcedLegacyOnQ35FailsWithThe100Text() {
        Boot b = boot("10.0.3", coffeeLake(), opts(OnOffAuto.ON, false, 0, false), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(b.outcome()).isInstanceOfSatisfying(QuirkOutcome.Refused.class,
                r -> assertThat(r.error()).isEqualTo("Machine is not i440fx or assigned BDF is not 00:02.0"));
    }

    @Test
    void qemu100RefusesXIgdOpregionWithoutTheKernelRegionWithTheSupportsTypo() {
        Boot b = boot("10.0.3", withoutKernelRegions(coffeeLake()), opregionOn(), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(b.outcome()).isInstanceOfSatisfying(QuirkOutcome.Refused.class,
                r -> assertThat(r.error()).isEqualTo("Device does not supports IGD OpRegion feature: No such device"));
    }

    @Test
    void qemu100KeepsTheHostGmsWhenXIgdGmsIsOutOfRange() {
        Boot b = boot("10.0.3", coffeeLake(), opts(OnOffAuto.OFF, false, 0x41, false), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(b.messages()).containsExactly("Parameter 'x-igd-gms' expects 0~0x40");
        assertThat(b.reg(0x50, 2)).isEqualTo(0x02c1);
        Boot valid = boot("10.0.3", coffeeLake(), opts(OnOffAuto.OFF, false, 4, false), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(valid.reg(0x50, 2)).isEqualTo(0x04c1);
        assertThat(valid.bdsmSize()).isEqualTo(128 * MIB);
    }

    @Test
    void qemu100AutoLegacyWithoutAVgaRegionAbortsOnTheErrorAssertion() {
        Boot b = boot("10.0.3", withoutVgaRegion(coffeeLake()), defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.outcome()).isInstanceOfSatisfying(QuirkOutcome.Crashed.class, c -> {
            assertThat(c.signal()).isEqualTo("ABRT");
            assertThat(c.programLines()).singleElement().asString().contains("error_setv: Assertion `*errp == NULL' failed.");
        });
        assertThat(b.messages()).containsExactly("info: IGD legacy mode enabled, use x-igd-legacy-mode=off to disable it if unwanted.");
    }

    @Test
    void qemu100AutoLegacyWithoutTheKernelOpRegionCrashesWithSigsegv() {
        Boot b = boot("10.0.3", withoutKernelRegions(coffeeLake()), defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.outcome()).isInstanceOfSatisfying(QuirkOutcome.Crashed.class, c -> assertThat(c.signal()).isEqualTo("SEGV"));
        Boot forced = boot("10.0.3", withoutKernelRegions(coffeeLake()), opts(OnOffAuto.ON, false, 0, false), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(forced.outcome()).as("forced legacy propagates the error cleanly").isInstanceOfSatisfying(QuirkOutcome.Refused.class,
                r -> assertThat(r.error()).isEqualTo("Device does not supports IGD OpRegion feature: No such device"));
    }

    @Test
    void qemu100AutoLegacyWithAForeignDeviceAt1fCrashesWithSigsegv() {
        IgdAssignment a = new IgdAssignment(coffeeLake(), defaults(), MachineFamily.PC_PIIX, PciAddress.IGD, true, true);
        assertThat(IgdQuirk.forQemuVersion("10.0.3").orElseThrow().realize(a))
                .isInstanceOfSatisfying(QuirkOutcome.Crashed.class, c -> assertThat(c.signal()).isEqualTo("SEGV"));
    }

    @Test
    void qemu101AutoLegacyWithoutAVgaRegionAbortsAndWithAForeignDeviceAt1fCrashes() {
        Boot noVga = boot("10.1.2", withoutVgaRegion(coffeeLake()), IgdOptions.defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(noVga.outcome()).isInstanceOfSatisfying(QuirkOutcome.Crashed.class, c -> assertThat(c.signal()).isEqualTo("ABRT"));
        IgdAssignment a = new IgdAssignment(coffeeLake(), IgdOptions.defaults(), MachineFamily.PC_PIIX, PciAddress.IGD, true, true);
        assertThat(IgdQuirk.forQemuVersion("10.1.2").orElseThrow().realize(a))
                .isInstanceOfSatisfying(QuirkOutcome.Crashed.class, c -> assertThat(c.signal()).isEqualTo("SEGV"));
    }

    // ---------------------------------------------------------------- band B (9.2)

    @Test
    void qemu92LegacyOnRaptorLakeIsUnsupportedBecauseThe92TableDoesNotKnowIt() {
        HostIgd raptorLake = host(0xa780, 0x0201, 0, 0x3c800001L, 0x3b9b6018L, false);
        IgdOptions fixture = opts(OnOffAuto.AUTO, true, 2, true);
        Boot b = boot("9.2.4", raptorLake, fixture, MachineFamily.PC_PIIX, OVMF);
        assertThat(b.messages()).containsExactly("IGD device 0000:00:02.0 is unsupported in legacy mode, try SandyBridge or newer");
        assertThat(b.fwCfg()).as("x-igd-opregion=on still gives the file (pci.c)").containsOnlyKeys("etc/igd-opregion");
        assertThat(b.reg(0xfc, 4)).isZero();
        assertThat(b.reg(0xc0, 8)).as("HOST").isEqualTo(0x3c800001L);
        assertThat(b.reg(0x50, 2)).as("HOST, x-igd-gms ignored").isEqualTo(0x0201);
    }

    @Test
    void qemu92LegacyOnCoffeeLakeKeepsTheHostGmsAndCountsTheGttStolenSize() {
        Boot b = boot("9.2.4", coffeeLake(), defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.messages()).isEmpty();
        assertThat(b.fwCfg()).containsOnlyKeys("etc/igd-opregion", "etc/igd-bdsm-size");
        assertThat(b.reg(0x50, 2)).as("GGC EMU with the host value").isEqualTo(0x02c1);
        assertThat(b.bdsmSize()).as("GGMS 1<<3 = 8 MiB + DSM 2 x 32 MiB").isEqualTo(72 * MIB);
        assertThat(b.reg(0xfc, 4)).isNotZero().isNotEqualTo(CFL_ASLS);
        assertThat(b.reg(0x5c, 4)).isNotZero().isNotEqualTo(CFL_BDSM);
        assertThat(b.realized().lpcBridge()).isPresent();
        assertThat(b.gttError(SEABIOS_1_17)).isEmpty();
    }

    @Test
    void qemu92OutsideLegacyOnlyXIgdOpregionChangesAnything() {
        Boot plain = boot("9.2.4", coffeeLake(), defaults(), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(plain.messages()).containsExactly("IGD device 0000:00:02.0 cannot support legacy mode due to existing devices at address 1f.0");
        assertThat(plain.fwCfg()).isEmpty();
        assertThat(plain.reg(0xfc, 4)).isEqualTo(CFL_ASLS);
        assertThat(plain.reg(0x5c, 4)).isEqualTo(CFL_BDSM);
        assertThat(plain.reg(0x50, 2)).isEqualTo(0x02c1);
        Boot on = boot("9.2.4", coffeeLake(), opregionOn(), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(on.fwCfg()).containsOnlyKeys("etc/igd-opregion");
        assertThat(on.reg(0xfc, 4)).isNotZero().isNotEqualTo(CFL_ASLS);
        assertThat(on.reg(0x5c, 4)).as("BDSM HOST, no bdsm-size").isEqualTo(CFL_BDSM);
    }

    @Test
    void qemu92Gen12LegacyEmulatesTheQwordWhichSeaBiosNeverWritesSoTheVbiosHitsTheGttError() {
        HostIgd tigerLake = host(0x9a49, 0x05c1, 0, 0x7c000001L, 0x7b2d4018L, true);
        Boot b = boot("9.2.4", tigerLake, defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.reg(0xc0, 8)).isZero();
        assertThat(b.gttError(SEABIOS_1_17)).contains("qemu: hardware error: "
                + "vfio-igd: Guest attempted to program IGD GTT before BIOS reserved stolen memory.  Unsupported BIOS?");
    }

    @Test
    void qemu92RefusesXIgdOpregionWhenTheKernelHasNoOpRegion() {
        Boot b = boot("9.2.4", withoutKernelRegions(coffeeLake()), opregionOn(), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(b.outcome()).isInstanceOfSatisfying(QuirkOutcome.Refused.class,
                r -> assertThat(r.error()).isEqualTo("does not support requested IGD OpRegion feature: No such device"));
        assertThat(IgdQuirk.forQemuVersion("9.2.4").orElseThrow().errorPrefix(PciAddress.IGD)).isEqualTo("vfio 0000:00:02.0: ");
    }

    // ---------------------------------------------------------------- band A (2.7–9.1)

    @Test
    void haswellUptWithXIgdOpregionOnQemu29AndSeaBios193ReadsAslsZero() {
        // lspci-haswell-0412-guest-vs-host-01.txt: host 0xFC = 0xc8d5c018, guest 0xFC = 0.
        HostIgd haswell = host(0x0412, 0x0211, 0xcb000001L, null, 0xc8d5c018L, true);
        PciAddress upt = new PciAddress(0, 3, 0);
        Boot old = boot("2.9.1", haswell, opregionOn(), MachineFamily.PC_PIIX, upt, SEABIOS_1_9_3);
        assertThat(old.messages()).as("not at 00:02.0: the legacy quirk is not probed").isEmpty();
        assertThat(old.fwCfg()).containsOnlyKeys("etc/igd-opregion");
        assertThat(old.reg(0xfc, 4)).isZero();
        assertThat(old.firmwareLog()).noneMatch(l -> l.startsWith("Intel IGD"));

        Boot newer = boot("2.9.1", haswell, opregionOn(), MachineFamily.PC_PIIX, upt, SEABIOS_1_10_2);
        long asls = newer.reg(0xfc, 4);
        assertThat(asls).as("a SeaBIOS >= 1.10 address").isNotZero().isNotEqualTo(0xc8d5c018L).isLessThan(FOUR_GIB);
        assertThat(asls % 4096).isZero();

        Boot without = boot("2.9.1", haswell, defaults(), MachineFamily.PC_PIIX, upt, SEABIOS_1_10_2);
        assertThat(without.reg(0xfc, 4)).as("without x-igd-opregion the guest reads the host address").isEqualTo(0xc8d5c018L);
    }

    @Test
    void q35LegacyOnQemu41FailsAtTheExisting1fDeviceAndNothingIsEmulated() {
        Boot b = boot("4.1.1", coffeeLake(), defaults(), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(b.messages()).containsExactly("IGD device 0000:00:02.0 cannot support legacy mode due to existing devices at address 1f.0");
        assertThat(b.fwCfg()).isEmpty();
        assertThat(b.reg(0xfc, 4)).isEqualTo(CFL_ASLS);
        assertThat(b.reg(0x5c, 4)).isEqualTo(CFL_BDSM);
    }

    @Test
    void bandALegacyZeroesGmsAndBdsmSizeIsTheGttStolenSizeOnly() {
        HostIgd kabyLake = host(0x5912, 0x01c1, 0x7b800001L, null, 0x7a6f1018L, true);
        Boot b = boot("4.1.1", kabyLake, defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.messages()).isEmpty();
        assertThat(b.reg(0x50, 2)).as("GGC with GMS (15:8) zeroed").isEqualTo(0x00c1);
        assertThat(b.bdsmSize()).as("GGMS 1<<3 = 8 MiB").isEqualTo(8 * MIB);
        assertThat(b.reg(0x5c, 4)).isNotZero().isNotEqualTo(0x7b800001L);
        assertThat(b.reg(0xfc, 4)).isNotZero().isNotEqualTo(0x7a6f1018L);
    }

    @Test
    void bandALegacyWithXIgdGmsAddsThirtyTwoMibPerStep() {
        HostIgd kabyLake = host(0x5912, 0x01c1, 0x7b800001L, null, 0x7a6f1018L, true);
        Boot b = boot("8.2.0", kabyLake, opts(OnOffAuto.AUTO, false, 2, false), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.reg(0x50, 2)).isEqualTo(0x02c1);
        assertThat(b.bdsmSize()).isEqualTo((8 + 64) * MIB);

        HostIgd haswell = host(0x0412, 0x0211, 0xcb000001L, null, 0xc8d5c018L, true);
        Boot gen6 = boot("8.2.0", haswell, opts(OnOffAuto.AUTO, false, 1, false), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(gen6.reg(0x50, 2)).as("gen 6: GMS at 7:3 set to 1").isEqualTo(0x0209);
        assertThat(gen6.bdsmSize()).as("GGMS raw 2 MiB + 32 MiB").isEqualTo(34 * MIB);

        Boot tooBig = boot("8.2.0", kabyLake, opts(OnOffAuto.AUTO, false, 0x11, false), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(tooBig.messages()).containsExactly("Unsupported IGD GMS value 0x11");
        assertThat(tooBig.reg(0x50, 2)).isEqualTo(0x00c1);
    }

    @Test
    void bandATreatsGen12AsGen8AndEmulatesTheWrongBdsmRegister() {
        HostIgd alderLake = host(0x4680, 0x0201, 0, 0x3c800001L, 0x3b9b6018L, true);
        Boot b = boot("9.1.2", alderLake, defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.messages()).isEmpty();
        assertThat(b.reg(0x5c, 4)).as("0x5C EMU, written by SeaBIOS").isNotZero();
        assertThat(b.reg(0xc0, 8)).as("0xC0 HOST").isEqualTo(0x3c800001L);
    }

    @Test
    void qemu50HasNoLegacyModeAtAll() {
        Boot b = boot("5.0.1", coffeeLake(), defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(b.messages()).isEmpty();
        assertThat(b.fwCfg()).isEmpty();
        assertThat(b.reg(0xfc, 4)).isEqualTo(CFL_ASLS);
        assertThat(b.reg(0x50, 2)).isEqualTo(0x02c1);
        Boot fixed = boot("5.1.0", coffeeLake(), defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17);
        assertThat(fixed.fwCfg()).containsOnlyKeys("etc/igd-opregion", "etc/igd-bdsm-size");
    }

    @Test
    void bandALegacyWithSeaBios193LetsTheVbiosHitTheGttHardwareError() {
        HostIgd haswell = host(0x0412, 0x0211, 0xcb000001L, null, 0xc8d5c018L, true);
        Boot b = boot("2.7.0", haswell, defaults(), MachineFamily.PC_PIIX, SEABIOS_1_9_3);
        assertThat(b.reg(0x5c, 4)).isZero();
        assertThat(b.gttError(SEABIOS_1_9_3)).contains("qemu: hardware error: "
                + "vfio-igd: Guest attempted to program IGD GTT before BIOS reserved stolen memory.  Unsupported BIOS?");
        assertThat(b.gttError(OVMF)).as("UEFI runs no VBIOS").isEmpty();
        Boot newer = boot("2.8.1", haswell, defaults(), MachineFamily.PC_PIIX, new SeaBios("1.10.1"));
        assertThat(newer.gttError(new SeaBios("1.10.1"))).isEmpty();
    }

    @Test
    void bandALegacyFailuresAreLinesWithoutASpaceAfterTheComma() {
        HostIgd noRom = host(0x0412, 0x0211, 0xcb000001L, null, 0xc8d5c018L, false);
        assertThat(boot("4.2.1", noRom, defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17).messages())
                .containsExactly("IGD device 0000:00:02.0 has no ROM, legacy mode disabled");
        HostIgd noRegions = withoutKernelRegions(host(0x0412, 0x0211, 0xcb000001L, null, 0xc8d5c018L, true));
        assertThat(boot("4.2.1", noRegions, defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17).messages())
                .containsExactly("IGD device 0000:00:02.0 does not support OpRegion access,legacy mode disabled");
        HostIgd noVga = withoutVgaRegion(host(0x0412, 0x0211, 0xcb000001L, null, 0xc8d5c018L, true));
        assertThat(boot("4.2.1", noVga, defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17).messages()).containsExactly(
                "vfio 0000:00:02.0: failed getting region info for VGA region index 8: Invalid argument",
                "IGD device 0000:00:02.0 failed to enable VGA access, legacy mode disabled");
        assertThat(boot("2.12.1", noVga, defaults(), MachineFamily.PC_PIIX, SEABIOS_1_17).messages()).first()
                .isEqualTo("vfio error: 0000:00:02.0: failed getting region info for VGA region index 8: Invalid argument");
    }

    @Test
    void bandAUsesTheVfioErrorPrefixBefore31() {
        assertThat(IgdQuirk.forQemuVersion("3.0.1").orElseThrow().errorPrefix(PciAddress.IGD)).isEqualTo("vfio error: 0000:00:02.0: ");
        assertThat(IgdQuirk.forQemuVersion("3.1.0").orElseThrow().errorPrefix(PciAddress.IGD)).isEqualTo("vfio 0000:00:02.0: ");
        Boot b = boot("2.8.1", withoutKernelRegions(coffeeLake()), opregionOn(), MachineFamily.Q35, SEABIOS_1_17);
        assertThat(b.outcome()).isInstanceOfSatisfying(QuirkOutcome.Refused.class,
                r -> assertThat(r.error()).isEqualTo("does not support requested IGD OpRegion feature: No such device"));
    }

    @Test
    void qemuBefore27HasNoIgdModel() {
        assertThat(IgdQuirk.forQemuVersion("2.6.2")).isEmpty();
        assertThat(IgdQuirk.forQemuVersion("2.7.0")).isPresent();
    }
}
