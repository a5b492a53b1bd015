package org.igdlab.runner.inventory;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The host IGD's config registers (igd-model.md §0): GGC 0x50 (16 bit), BDSM 0x5C (32 bit),
 * BDSM 0xC0 (64 bit, Gen11+), ASLS 0xFC (32 bit). A guest register expected "host" equals these.
 */
public record HostRegisters(long ggc, long bdsm, OptionalLong bdsm64, long asls) {
    public HostRegisters {
        Objects.requireNonNull(bdsm64, "bdsm64");
        if (ggc < 0 || ggc > 0xFFFFL) {
            throw new IllegalArgumentException("ggc (0x" + Long.toHexString(ggc) + ") must fit 16 bits");
        }
        if (bdsm < 0 || bdsm > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("bdsm (0x" + Long.toHexString(bdsm) + ") must fit 32 bits");
        }
        if (asls < 0 || asls > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("asls (0x" + Long.toHexString(asls) + ") must fit 32 bits");
        }
    }

    /** GGC bit 1, IVD: 1 = the IGD does not decode legacy VGA (legacy mode impossible since QEMU 10.1). */
    public int ivd() {
        return (int) ((ggc >> 1) & 1);
    }
}
