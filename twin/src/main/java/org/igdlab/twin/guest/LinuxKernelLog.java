package org.igdlab.twin.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the Linux guest's kernel logs about the IGD (igd-model.md §5.3), from what it reads in the
 * IGD's config space after the firmware ran — never from the lab's expectations.
 *
 * <ul>
 * <li>The x86 early quirk, for a platform in its table with a non-zero stolen base and size:
 *     {@code Reserving Intel graphics memory at [mem 0x…-0x…]} (%pR: at least 8 hex digits).</li>
 * <li>i915's OpRegion setup reads 0xFC and logs it [dbg]; 0 gives {@code ACPI OpRegion not
 *     supported!} [dbg]. An address holding no OpRegion — in the twin, the host's address passed
 *     through (F2), which means nothing in guest memory — gives {@code opregion signature mismatch}
 *     [dbg, inferred]. Either way the VBT is missing: {@code [drm] Failed to find VBIOS tables (VBT)}
 *     [info]. An address the firmware allocated holds the copy of etc/igd-opregion (§3, §4.2).</li>
 * </ul>
 * The lab's guest image boots with {@code drm.debug=0x2} (DRIVER messages) on its kernel command
 * line, so the [dbg] lines are there; the command line is the log's second line.
 */
final class LinuxKernelLog {
    /** The lab guest image's kernel command line (debian13-igdlab: drm.debug=0x2 for i915's [dbg] lines). */
    static final String COMMAND_LINE = "BOOT_IMAGE=/boot/vmlinuz-%s root=/dev/vda1 ro console=ttyS0 drm.debug=0x2";

    private LinuxKernelLog() {
    }

    /** The boot log; {@code hostAsls}: the host's OpRegion address, what 0xFC reads when QEMU passes it through. */
    static List<String> boot(String kernelRelease, Optional<GuestIgd> igd, long hostAsls, boolean quirkReads0x5c) {
        return boot(kernelRelease, igd, hostAsls, quirkReads0x5c, true);
    }

    /** As above; {@code presentAtBoot} false: the IGD was hot-added later, so the early quirk never saw it. */
    static List<String> boot(String kernelRelease, Optional<GuestIgd> igd, long hostAsls, boolean quirkReads0x5c,
                             boolean presentAtBoot) {
        List<String> log = new ArrayList<>();
        log.add("[    0.000000] Linux version " + kernelRelease + " (igdlab twin guest)");
        log.add("[    0.000000] Command line: " + String.format(COMMAND_LINE, kernelRelease));
        igd.filter(g -> presentAtBoot).filter(GuestIgd::earlyQuirkKnown).ifPresent(g -> {
            long base = g.stolenBase(quirkReads0x5c);
            long size = g.stolenSize();
            if (base != 0 && size != 0) {
                log.add(String.format("[    0.000000] Reserving Intel graphics memory at [mem 0x%08x-0x%08x]", base, base + size - 1));
            }
        });
        log.add("[    0.412000] pci 0000:00:00.0: [8086:1237] type 00 class 0x060000 conventional PCI endpoint");
        igd.ifPresent(g -> {
            String prefix = "i915 " + g.pciName() + ": ";
            long asls = g.asls();
            log.add("[    1.180000] " + prefix + "[drm:intel_opregion_setup [i915]] graphic opregion physical addr: 0x" + Long.toHexString(asls));
            boolean vbt = true;
            if (asls == 0) {
                log.add("[    1.180010] " + prefix + "[drm:intel_opregion_setup [i915]] ACPI OpRegion not supported!");
                vbt = false;
            } else if (asls == (hostAsls & 0xFFFFFFFFL)) {
                log.add("[    1.180010] " + prefix + "[drm:intel_opregion_setup [i915]] opregion signature mismatch");
                vbt = false;
            } else {
                log.add("[    1.180010] " + prefix + "[drm:intel_opregion_setup [i915]] Public ACPI methods supported");
            }
            if (!vbt) {
                log.add("[    1.210000] " + prefix + "[drm] Failed to find VBIOS tables (VBT)");
            }
            log.add("[    1.650000] [drm] Initialized i915 1.6.0 for " + g.pciName() + " on minor 0");
        });
        return List.copyOf(log);
    }
}
