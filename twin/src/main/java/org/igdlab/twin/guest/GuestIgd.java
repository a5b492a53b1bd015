package org.igdlab.twin.guest;

import java.util.List;
import java.util.Optional;
import org.igdlab.twin.igd.IgdRegisters;
import org.igdlab.twin.igd.PciConfigAccess;

/**
 * The IGD as the guest's own drivers see it: the Intel display-class function on the guest's bus 0,
 * read through its config space after the firmware ran. The generation comes from the guest
 * drivers' device-ID table (i915's / the Windows driver's platform list), not from QEMU's, and the
 * stolen-memory decode is the driver's (igd-model.md §0, §5.3): gen 6/7 GMS in GGC bits 7:3 ×32 MiB;
 * gen 8+ bits 15:8 ×32 MiB, and from gen 9 values ≥ 0xF0 are (GMS − 0xF0 + 1) × 4 MiB. Gen 11 and
 * later keep the stolen base at 0xC0 (qword); older ones at 0x5C.
 */
record GuestIgd(PciConfigAccess device, int generation, boolean earlyQuirkKnown, boolean configSpaceStolen) {
    private static final long MIB = 1024 * 1024;

    /** The guest's Intel display function, if it has one (a control cell's emulated VGA is not Intel). */
    static Optional<GuestIgd> find(List<PciConfigAccess> devices) {
        return devices.stream()
                .filter(d -> d.address().bus() == 0 && d.vendorId() == 0x8086 && (d.classCode() >> 16) == 0x03)
                .findFirst()
                .map(d -> {
                    int id = (int) d.read(IgdRegisters.DEVICE, 2);
                    int gen = generation(id);
                    boolean legacyStolen = gen >= 6 && !meteorLakeOrLater(id);
                    return new GuestIgd(d, gen, gen <= 12 && legacyStolen, legacyStolen);
                });
    }

    /**
     * The platform generation by device ID (the IDs of the fleet's platforms, Sandy Bridge to Meteor
     * Lake); 0 for an ID the guest drivers do not know. Meteor Lake (0x7Dxx) is graphics 12.70: 12 here.
     */
    static int generation(int deviceId) {
        if ((deviceId & 0x0FFF) == 0x0A84) return 9;
        return switch (deviceId & 0xFF00) {
            case 0x0100 -> 6;
            case 0x0400, 0x0A00, 0x0C00, 0x0D00, 0x0F00 -> 7;
            case 0x1600, 0x2200 -> 8;
            case 0x1900, 0x3100, 0x5900, 0x3E00, 0x9B00 -> 9;
            case 0x8A00, 0x4500, 0x4E00 -> 11;
            case 0x9A00, 0x4C00, 0x4600, 0xA700, 0x7D00 -> 12;
            default -> 0;
        };
    }

    /**
     * Linux's x86 early quirk (arch/x86/kernel/early-quirks.c, intel_early_ids) lists platforms up to
     * Alder/Raptor Lake; Meteor Lake's stolen memory is set up by i915 itself [inferred: its IDs are
     * not in the 6.12 early-quirk table], so the guest prints no "Reserving" line for it.
     */
    private static boolean meteorLakeOrLater(int deviceId) {
        return (deviceId & 0xFF00) == 0x7D00;
    }

    long asls() {
        return device.read(IgdRegisters.ASLS, 4);
    }

    long ggc() {
        return device.read(IgdRegisters.GGC, 2);
    }

    /**
     * The stolen memory's base as the driver reads it: 0x5C (1 MiB-aligned) before gen 11, the 0xC0
     * qword after ({@code dwordOnly}: the mutation guest-early-quirk-reads-0x5c reads 0x5C always).
     * Meteor Lake and later have no config-space stolen memory ({@link #configSpaceStolen} false):
     * their drivers find it behind BAR2.
     */
    long stolenBase(boolean dwordOnly) {
        return generation >= 11 && !dwordOnly ? device.read(IgdRegisters.BDSM64, 8) & ~0xFFFFFL : device.read(IgdRegisters.BDSM, 4) & 0xFFF00000L;
    }

    /** The GMS field of GGC: bits 7:3 on gen 6/7, bits 15:8 from gen 8. */
    long gms() {
        return gms(generation, ggc());
    }

    long stolenBase() {
        return stolenBase(false);
    }

    long stolenSize() {
        return stolenSize(generation, ggc());
    }

    static long gms(int generation, long ggc) {
        return generation < 8 ? (ggc >> 3) & 0x1F : (ggc >> 8) & 0xFF;
    }

    static long stolenSize(int generation, long ggc) {
        long gms = gms(generation, ggc);
        if (generation < 9 || gms < 0xF0) return gms * 32 * MIB;
        return (gms - 0xF0 + 1) * 4 * MIB;
    }

    String pciName() {
        return String.format("0000:%02x:%02x.%x", device.address().bus(), device.address().device(), device.address().function());
    }
}
