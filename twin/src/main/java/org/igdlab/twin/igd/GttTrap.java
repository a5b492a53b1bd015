package org.igdlab.twin.igd;

import java.util.Optional;

/**
 * Bands A/B legacy mode: the IO-BAR4 index/data quirk rewrites the GTT entries the VBIOS writes,
 * relative to the guest BDSM that firmware should have programmed (igd-model.md §2.9). When the
 * VBIOS writes the GTT while that BDSM register still reads 0, QEMU calls hw_error() and aborts
 * (F6): SeaBIOS < 1.10, or a Gen11/12 legacy device in 9.2, whose 0xC0 SeaBIOS never writes.
 */
public record GttTrap(int bdsmOffset, int bdsmWidth) {
    public static final String HARDWARE_ERROR =
            "vfio-igd: Guest attempted to program IGD GTT before BIOS reserved stolen memory.  Unsupported BIOS?";

    public GttTrap {
        if (bdsmWidth != 4 && bdsmWidth != 8) throw new IllegalArgumentException("bdsmWidth (" + bdsmWidth + ") must be 4 or 8");
    }

    /**
     * After firmware POST: the hw_error line when the VBIOS runs (a legacy BIOS executes the IGD's
     * option ROM) and programs the GTT while the guest BDSM is still 0; empty when the VM survives.
     */
    public Optional<String> afterFirmware(GuestFirmware firmware, PciConfigAccess igd) {
        if (!firmware.runsVgaOptionRom()) return Optional.empty();
        if (igd.read(bdsmOffset, bdsmWidth) != 0) return Optional.empty();
        return Optional.of("qemu: hardware error: " + HARDWARE_ERROR);
    }
}
