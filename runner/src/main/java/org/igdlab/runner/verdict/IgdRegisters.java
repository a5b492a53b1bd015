package org.igdlab.runner.verdict;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The IGD registers the lab judges (igd-model.md §0): ASLS dword 0xFC, BDSM dword 0x5C, BDSM
 * qword 0xC0 (Gen11+), GGC word 0x50. Empty when the dump did not show the bytes.
 */
public record IgdRegisters(OptionalLong asls, OptionalLong bdsm, OptionalLong bdsm64, OptionalLong ggc) {
    public IgdRegisters {
        Objects.requireNonNull(asls, "asls");
        Objects.requireNonNull(bdsm, "bdsm");
        Objects.requireNonNull(bdsm64, "bdsm64");
        Objects.requireNonNull(ggc, "ggc");
    }

    public static IgdRegisters decode(ConfigSpace config) {
        return new IgdRegisters(config.dword(0xFC), config.dword(0x5C), config.qword(0xC0), config.word(0x50));
    }
}
