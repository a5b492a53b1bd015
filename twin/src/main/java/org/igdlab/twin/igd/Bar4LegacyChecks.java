package org.igdlab.twin.igd;

import java.util.List;

/**
 * The legacy-mode conditions of `vfio_probe_igd_bar4_quirk()`, bands A and B (igd-model.md §1.1,
 * §2.8 A/B), in QEMU's order. Each failed condition is a non-fatal error line and leaves the device
 * without any IGD emulation; the device still realizes.
 */
final class Bar4LegacyChecks {
    private final String vfioPrefix;

    /** {@code vfioPrefix}: how error_reportf_err prefixes a vfio error in this release ("vfio %s: " or "vfio error: %s: "). */
    Bar4LegacyChecks(String vfioPrefix) {
        this.vfioPrefix = vfioPrefix;
    }

    /** Whether the quirk is probed at all: an Intel VGA-class device at root-bus 00:02.0. Silent otherwise. */
    static boolean probed(IgdAssignment a) {
        return a.host().intel() && a.host().vgaClass() && a.atRootIgdSlot();
    }

    /** True when every condition holds; otherwise the failure lines are added to {@code diags}. */
    boolean pass(IgdAssignment a, int gen, boolean genSupported, List<Diagnostic> diags) {
        HostIgd host = a.host();
        String dev = "IGD device " + host.hostAddress().fullForm();
        if (a.lpcSlotOccupied()) {
            diags.add(Diagnostic.error(dev + " cannot support legacy mode due to existing devices at address 1f.0"));
            return false;
        }
        if (!genSupported) {
            diags.add(Diagnostic.error(dev + " is unsupported in legacy mode, try SandyBridge or newer"));
            return false;
        }
        if (host.romSize() == 0 && !a.options().romfile()) {
            diags.add(Diagnostic.error(dev + " has no ROM, legacy mode disabled"));
            return false;
        }
        if (a.options().hotplugged()) {
            diags.add(Diagnostic.error(dev + " hotplugged, ROM disabled, legacy mode disabled"));
            return false;
        }
        // The kernel exposes the OpRegion, host-bridge and LPC regions together (since 4.6), so the
        // first of the three checks is the one that fails.
        if (!host.kernelIgdRegions()) {
            diags.add(Diagnostic.error(dev + " does not support OpRegion access,legacy mode disabled"));
            return false;
        }
        boolean ivdClear = (host.hardware().read(IgdRegisters.GGC, 4) & 0x2) == 0;
        if (ivdClear && !a.options().xVga() && !host.vgaRegion()) {
            diags.add(Diagnostic.error(vfioPrefix + "failed getting region info for VGA region index 8: Invalid argument"));
            diags.add(Diagnostic.error(dev + " failed to enable VGA access, legacy mode disabled"));
            return false;
        }
        return true;
    }
}
