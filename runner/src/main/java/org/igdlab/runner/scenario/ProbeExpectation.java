package org.igdlab.runner.scenario;

import java.util.Locale;
import java.util.Objects;

/**
 * What the deeper guest probes should show (issue 3 item 3), each optional: a cell no rule sets a
 * field for is not judged on it, so rules written before these fields keep their meaning.
 *
 * @param bdsmSize       the value of etc/igd-bdsm-size in the guest
 * @param lpc            what the guest sees at 00:1f.0 (igd-model.md §2.7)
 * @param bdsmSizeSource the citation of the rule that set {@code bdsmSize}
 * @param lpcSource      the citation of the rule that set {@code lpc}
 */
public record ProbeExpectation(BdsmSize bdsmSize, Lpc lpc, String bdsmSizeSource, String lpcSource) {

    /** etc/igd-bdsm-size. */
    public enum BdsmSize {
        /** The DSM size the guest-visible GGC's GMS field encodes, without GTT stolen memory (§2.5, bands C–E); 0 for gen −1. */
        GMS,
        UNCHECKED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The function at guest 00:1f.0. */
    public enum Lpc {
        /** QEMU's vfio-pci-igd-lpc-bridge (or q35's ICH9-LPC given the IDs): the host LPC's vendor and device ID. */
        HOST_IDS,
        /** Not the host's LPC IDs: nothing there, or the machine's own device (PIIX has none at 1f.0; ICH9-LPC 8086:2918 on q35). */
        ABSENT,
        UNCHECKED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ProbeExpectation {
        Objects.requireNonNull(bdsmSize, "bdsmSize");
        Objects.requireNonNull(lpc, "lpc");
        Objects.requireNonNull(bdsmSizeSource, "bdsmSizeSource");
        Objects.requireNonNull(lpcSource, "lpcSource");
    }

    /** Nothing checked. */
    public static ProbeExpectation unchecked() {
        return new ProbeExpectation(BdsmSize.UNCHECKED, Lpc.UNCHECKED, "no rule sets bdsm-size", "no rule sets lpc");
    }
}
