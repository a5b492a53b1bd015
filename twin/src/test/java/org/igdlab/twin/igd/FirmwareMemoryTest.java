package org.igdlab.twin.igd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;
import org.junit.jupiter.api.Test;

/**
 * What firmware leaves in guest memory (igd-model.md §3, §4.2, §7 "FWaddr"): the OpRegion copy at
 * ASLS inside a reserved range of the memory map, the DSM reserved at BDSM with its size; and the
 * two probe mutations that break only that.
 */
class FirmwareMemoryTest {
    static final long MIB = 1024 * 1024;
    static final long LOW_RAM_TOP = 0xC000_0000L;

    record Run(AssignedIgd igd, GuestMemory memory) {
        long reg(int offset, int width) {
            return igd.read(offset, width);
        }

        Optional<GuestMemory.Range> rangeAt(long address) {
            return memory.map().stream().filter(r -> r.start() <= address && address <= r.end()).findFirst();
        }
    }

    static Run post(GuestFirmware firmware, Faults faults) {
        HostIgd host = IgdGuestViewTest.coffeeLake();
        IgdAssignment a = new IgdAssignment(host, IgdOptions.defaults(), MachineFamily.PC_PIIX, PciAddress.IGD, true, false);
        QuirkOutcome.Realized r = (QuirkOutcome.Realized) IgdQuirk.forQemuVersion("10.1.2").orElseThrow().realize(a);
        AssignedIgd igd = new AssignedIgd(host, r.emulations(), PciAddress.IGD);
        GuestMemory memory = new GuestMemory(LOW_RAM_TOP, 16L * 1024 * MIB);
        new FaultedFirmware(firmware, faults).post(new FirmwareContext(r.fwCfg(), new ArrayList<>(List.of(igd)), LOW_RAM_TOP, memory));
        return new Run(igd, memory);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void seaBiosCopiesTheOpRegionIntoReservedZoneHighAndReservesTheDsmAtBdsm() {
        Run run = post(IgdGuestViewTest.SEABIOS, Faults.none());
        long asls = run.reg(IgdRegisters.ASLS, 4);
        assertThat(text(run.memory().read(asls, 16))).isEqualTo("IntelGraphicsMem");
        assertThat(run.memory().read(asls + 0x10, 1)[0]).as("size field in KiB").isEqualTo((byte) 8);
        assertThat(run.rangeAt(asls)).map(GuestMemory.Range::type).contains(GuestMemory.Type.RESERVED);
        long bdsm = run.reg(IgdRegisters.BDSM, 4);
        GuestMemory.Range dsm = run.rangeAt(bdsm).orElseThrow();
        assertThat(dsm.type()).isEqualTo(GuestMemory.Type.RESERVED);
        assertThat(dsm.end() + 1 - bdsm).as("the 64 MiB of GMS 0x02 reserved from BDSM on").isGreaterThanOrEqualTo(64 * MIB);
        assertThat(run.memory().read(bdsm, 64)).as("nobody wrote the DSM").containsOnly(0);
    }

    @Test
    void igdAssignmentDxePutsTheOpRegionInAcpiNvs() {
        Run run = post(IgdGuestViewTest.OVMF_IGD_DXE, Faults.none());
        long asls = run.reg(IgdRegisters.ASLS, 4);
        assertThat(run.rangeAt(asls)).map(GuestMemory.Range::type).contains(GuestMemory.Type.ACPI_NVS);
        assertThat(text(run.memory().read(asls, 16))).isEqualTo("IntelGraphicsMem");
        assertThat(run.rangeAt(run.reg(IgdRegisters.BDSM, 4))).map(GuestMemory.Range::type).contains(GuestMemory.Type.RESERVED);
    }

    @Test
    void theMemoryMapCoversLowRamAndWhatIsAbove4GiBWithoutOverlaps() {
        Run run = post(IgdGuestViewTest.OVMF, Faults.none());
        List<GuestMemory.Range> map = run.memory().map();
        for (int i = 1; i < map.size(); i++) assertThat(map.get(i).start()).isGreaterThan(map.get(i - 1).end());
        assertThat(run.rangeAt(0x1_0000_0000L)).map(GuestMemory.Range::type).contains(GuestMemory.Type.RAM);
        assertThat(run.rangeAt(0x1000_0000L)).map(GuestMemory.Range::type).contains(GuestMemory.Type.RAM);
    }

    @Test
    void opregionOutsideReservedLeavesTheCopyInSystemRamWithTheSameAddressAndBytes() {
        Run good = post(IgdGuestViewTest.SEABIOS, Faults.none());
        Run bad = post(IgdGuestViewTest.SEABIOS, new Faults(Set.of(Fault.OPREGION_OUTSIDE_RESERVED)));
        long asls = bad.reg(IgdRegisters.ASLS, 4);
        assertThat(asls).isEqualTo(good.reg(IgdRegisters.ASLS, 4));
        assertThat(text(bad.memory().read(asls, 16))).isEqualTo("IntelGraphicsMem");
        assertThat(bad.rangeAt(asls)).map(GuestMemory.Range::type).contains(GuestMemory.Type.RAM);
        assertThat(bad.rangeAt(asls + 8191)).map(GuestMemory.Range::type).contains(GuestMemory.Type.RAM);
    }

    @Test
    void dsmReservedShortKeepsBdsmButReservesOnlyHalfTheDsm() {
        Run bad = post(IgdGuestViewTest.SEABIOS, new Faults(Set.of(Fault.DSM_RESERVED_SHORT)));
        long bdsm = bad.reg(IgdRegisters.BDSM, 4) & ~1L;
        GuestMemory.Range dsm = bad.rangeAt(bdsm).orElseThrow();
        assertThat(dsm.type()).isEqualTo(GuestMemory.Type.RESERVED);
        assertThat(dsm.end() + 1 - bdsm).as("half of GMS 0x02's 64 MiB").isEqualTo(32 * MIB);
        assertThat(bad.rangeAt(bdsm + 32 * MIB)).map(GuestMemory.Range::type).contains(GuestMemory.Type.RAM);
    }

    @Test
    void opregionBadSignatureBreaksOnlyTheBytesAtAsls() {
        Run bad = post(IgdGuestViewTest.OVMF_IGD_DXE, new Faults(Set.of(Fault.OPREGION_BAD_SIGNATURE)));
        long asls = bad.reg(IgdRegisters.ASLS, 4);
        assertThat(asls).isNotZero();
        assertThat(text(bad.memory().read(asls, 16))).isNotEqualTo("IntelGraphicsMem");
        assertThat(bad.rangeAt(asls)).map(GuestMemory.Range::type).contains(GuestMemory.Type.ACPI_NVS);
    }
}
