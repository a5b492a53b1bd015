package org.igdlab.twin.igd;

import java.util.Optional;

/** One QEMU version band's `vfio_pci_igd_config_quirk()`: decisions per register and fw_cfg file. */
public interface IgdQuirk {
    QuirkOutcome realize(IgdAssignment assignment);

    /** The model for a QEMU release, or empty when its band is not modelled yet. */
    static Optional<IgdQuirk> forQemuVersion(String version) {
        String[] parts = version.split("\\.");
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (major > 10 || (major == 10 && minor >= 2)) return Optional.of(new Qemu101IgdQuirk(new Qemu10GenerationTable(), true));
        if (major == 10 && minor == 1) return Optional.of(new Qemu101IgdQuirk(new Qemu10GenerationTable(), false));
        return Optional.empty();
    }
}
