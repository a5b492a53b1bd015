package org.igdlab.runner.scenario;

import java.util.Optional;

/**
 * The QEMU behaviour bands of igd-model.md (bands table, §2.10): the IGD code is the same within a
 * band and differs between bands. Releases before 2.7 have no IGD code and so no band.
 */
public enum QemuBand {
    /** 2.7.0 – 9.1.x: the original legacy-mode code (BAR4 quirk). */
    A(VersionNumber.of(2, 7)),
    /** 9.2.x: unknown IDs give gen −1, 64-bit BDSM at 0xC0 for Gen11+. */
    B(VersionNumber.of(9, 2)),
    /** 10.0.x: rework part 1, quirks decoupled from legacy mode. */
    C(VersionNumber.of(10, 0)),
    /** 10.1.x: IGD detected by the OpRegion region, ASLS always emulated, x-igd-opregion on by default. */
    D(VersionNumber.of(10, 1)),
    /** 10.2.x and later: as D, plus display-class (0x0380) IGD. */
    E(VersionNumber.of(10, 2));

    private final VersionNumber first;

    QemuBand(VersionNumber first) {
        this.first = first;
    }

    /** The band of a QEMU version such as {@code 9.2.4}; empty before 2.7 or for a version that is not numeric. */
    public static Optional<QemuBand> of(String version) {
        Optional<VersionNumber> v = VersionNumber.parse(version);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        QemuBand band = null;
        for (QemuBand b : values()) {
            if (v.get().compareTo(b.first) >= 0) {
                band = b;
            }
        }
        return Optional.ofNullable(band);
    }

    /** The first release of the band, e.g. {@code 9.2}. */
    public String firstRelease() {
        return first.toString();
    }
}
