package org.igdlab.twin.igd;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * `x-igd-opregion=on` outside legacy mode in bands A/B, handled in pci.c (igd-model.md §2.9): for
 * any device with the kernel OpRegion region, at any address and generation, the fw_cfg file
 * etc/igd-opregion and ASLS emulated as 0. A hotplugged device or a missing region is fatal.
 */
final class PciOpRegionOption {
    private final boolean release27;

    /** {@code release27}: QEMU 2.7 printed its own text and failed with qdev's generic error. */
    PciOpRegionOption(boolean release27) {
        this.release27 = release27;
    }

    /** Adds the file and the ASLS emulation, or returns the refusal. */
    Optional<QuirkOutcome.Refused> apply(IgdAssignment a, List<Diagnostic> diags, Map<String, byte[]> fwCfg,
                                         List<RegisterEmulation> emulations) {
        HostIgd host = a.host();
        if (a.options().hotplugged()) return Optional.of(new QuirkOutcome.Refused(diags, "cannot support IGD OpRegion feature on hotplugged device"));
        if (!host.kernelIgdRegions()) {
            if (!release27) return Optional.of(new QuirkOutcome.Refused(diags, "does not support requested IGD OpRegion feature: No such device"));
            diags.add(Diagnostic.error("Device " + host.hostAddress().fullForm() + " does not support requested IGD OpRegion feature"));
            return Optional.of(new QuirkOutcome.Refused(diags, "Device initialization failed"));
        }
        fwCfg.put(Qemu101IgdQuirk.OPREGION_FILE, host.opRegion().clone());
        emulations.add(RegisterEmulation.zeroWritable(IgdRegisters.ASLS, 4));
        return Optional.empty();
    }
}
