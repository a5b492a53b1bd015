package org.igdlab.twin.display;

import org.igdlab.twin.igd.GuestFirmware;
import org.igdlab.twin.igd.IgdRegisters;
import org.igdlab.twin.igd.PciConfigAccess;

/**
 * Whether the guest firmware puts a picture on the IGD's port before the OS runs (igd-model.md §8
 * F9, §4.1, §4.2, §2.7, §6):
 * <ul>
 * <li>A BIOS (SeaBIOS) shows output only through the IGD's VBIOS: the VBIOS must be on the ROM BAR,
 * the IGD must be the primary VGA at 00:02.0 with the legacy VGA ranges routed to it, and the LPC
 * IDs it checks must be the host's. It also needs the stolen memory the firmware reserved: with
 * the emulated BDSM (0x5C) left at 0 (SeaBIOS before 1.10) it programs its framebuffer's GTT
 * entries against address 0 and the panel stays dark [inferred from F6: QEMU ≥ 10.0 no longer
 * traps those writes].</li>
 * <li>UEFI (OVMF) needs an EFI GOP driver in the option ROM. Stock OVMF has none, and the lab's
 * EFI option ROMs carry IgdAssignmentDxe only (no PlatformGopPolicy/IntelGopDriver), so OVMF
 * never shows pre-OS output here; a CSM would not run a VBIOS either (§4.1).</li>
 * </ul>
 */
public final class PreOsOutput {
    private PreOsOutput() {
    }

    /** {@code igd} is the guest's view of the IGD after POST; null when the VM has none. */
    public static boolean shown(GuestFirmware firmware, DisplayWiring wiring, PciConfigAccess igd) {
        if (igd == null || wiring == null || !firmware.runsVgaOptionRom()) return false;
        boolean vbiosRuns = wiring.primaryVgaAt02() && wiring.vbiosRom() && wiring.vgaRanges() && wiring.lpcIds();
        return vbiosRuns && igd.read(IgdRegisters.BDSM, 4) != 0;
    }
}
