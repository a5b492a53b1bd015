package org.igdlab.twin.igd;

import java.util.Optional;

/** One QEMU version band's IGD code at realize: decisions per register and fw_cfg file, and its messages. */
public interface IgdQuirk {
    QuirkOutcome realize(IgdAssignment assignment);

    /** The default of `x-igd-opregion`: off in 2.7–10.0, on since 10.1 (igd-model.md §1). */
    default boolean opregionByDefault() {
        return false;
    }

    /** Whether vfio-pci has this property in this release (`x-igd-legacy-mode` and `x-igd-lpc` came in 10.0). */
    default boolean hasProperty(String name) {
        return true;
    }

    /** What precedes a fatal realize error: "vfio %s: " since 3.1 (igd-model.md §2.1, §2.10). */
    default String errorPrefix(PciAddress host) {
        return "vfio " + host.fullForm() + ": ";
    }

    /** The model for a QEMU release, or empty when its band is not modelled (before 2.7 there is no IGD code). */
    static Optional<IgdQuirk> forQemuVersion(String version) {
        QemuRelease release;
        try {
            release = QemuRelease.parse(version);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (release.atLeast(10, 2)) return Optional.of(new Qemu101IgdQuirk(new Qemu10GenerationTable(), true));
        if (release.atLeast(10, 1)) return Optional.of(new Qemu101IgdQuirk(new Qemu10GenerationTable(), false));
        if (release.atLeast(10, 0)) return Optional.of(new Qemu100IgdQuirk(new Qemu10GenerationTable()));
        if (release.atLeast(9, 2)) return Optional.of(new Qemu92IgdQuirk(new Qemu92GenerationTable()));
        if (release.atLeast(2, 7)) return Optional.of(new Qemu27IgdQuirk(release, new Qemu27GenerationTable()));
        return Optional.empty();
    }
}
