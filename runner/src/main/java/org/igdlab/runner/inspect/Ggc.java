package org.igdlab.runner.inspect;

import java.util.OptionalLong;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.Generation.GmsEncoding;

/**
 * GGC (config 0x50, 16 bit) decoded per one generation's encoding (igd-model.md §0): GMS and the
 * DSM size it means, GGMS and the GTT stolen size, IVD (bit 1) and GGCLCK (bit 0).
 *
 * @param gms        the raw GMS field, empty when the encoding is unknown
 * @param gmsBits    where GMS was read, e.g. {@code 7:3}
 * @param dsmBytes   the DSM size GMS stands for, empty when unknown or reserved
 * @param gtBytes    the GTT stolen size GGMS stands for, empty when unknown
 * @param note       anything a reader should know about this decoding (may be empty)
 */
public record Ggc(int value, OptionalLong gms, String gmsBits, OptionalLong dsmBytes, OptionalLong gtBytes,
                  boolean ivd, boolean locked, String note) {
    private static final long MIB = 1024L * 1024L;

    public static Ggc decode(int ggc, GmsEncoding encoding) {
        boolean ivd = (ggc & 0x2) != 0;
        boolean lock = (ggc & 0x1) != 0;
        switch (encoding) {
            case BITS_7_3_X32M -> {
                int gms = (ggc >> 3) & 0x1F;
                int ggms = (ggc >> 8) & 0x3;
                return new Ggc(ggc, OptionalLong.of(gms), "7:3",
                        gms <= 0x10 ? OptionalLong.of(gms * 32 * MIB) : OptionalLong.empty(),
                        ggms == 3 ? OptionalLong.empty() : OptionalLong.of(ggms * MIB), ivd, lock,
                        gms > 0x10 ? "GMS above 0x10 is reserved on Gen6/7" : "");
            }
            case BITS_15_8_X32M -> {
                int gms = (ggc >> 8) & 0xFF;
                return new Ggc(ggc, OptionalLong.of(gms), "15:8", OptionalLong.of(gms * 32 * MIB), gtt(ggc), ivd, lock, "");
            }
            case BITS_15_8_GEN9 -> {
                int gms = (ggc >> 8) & 0xFF;
                OptionalLong dsm = gms < 0xF0 ? OptionalLong.of(gms * 32 * MIB)
                        : gms <= 0xFE ? OptionalLong.of((gms - 0xF0 + 1) * 4 * MIB) : OptionalLong.empty();
                return new Ggc(ggc, OptionalLong.of(gms), "15:8", dsm, gtt(ggc), ivd, lock,
                        gms == 0xFF ? "GMS 0xff is not a defined size" : "");
            }
            case CHERRYVIEW -> {
                int gms = (ggc >> 3) & 0x1F;
                OptionalLong dsm = gms <= 0x10 ? OptionalLong.of(gms * 32 * MIB)
                        : gms <= 0x16 ? OptionalLong.of((gms - 0x11 + 2) * 4 * MIB)
                        : gms <= 0x1D ? OptionalLong.of((gms - 0x17 + 9) * 4 * MIB) : OptionalLong.empty();
                return new Ggc(ggc, OptionalLong.of(gms), "7:3 (Cherryview code)", dsm, gtt(ggc), ivd, lock,
                        "QEMU reads CHV as plain Gen8 (bits 15:8 = 0x" + Integer.toHexString((ggc >> 8) & 0xFF) + ")");
            }
            case NONE -> {
                return new Ggc(ggc, OptionalLong.empty(), "-", OptionalLong.empty(), OptionalLong.empty(), ivd, lock,
                        "no config-space GMS on this generation");
            }
            default -> throw new IllegalArgumentException("encoding (" + encoding + ") is not handled");
        }
    }

    /** Decoding when the generation is not known: only IVD and the lock bit mean the same everywhere. */
    public static Ggc undecoded(int ggc) {
        return new Ggc(ggc, OptionalLong.empty(), "-", OptionalLong.empty(), OptionalLong.empty(),
                (ggc & 0x2) != 0, (ggc & 0x1) != 0, "generation unknown: GMS not decoded");
    }

    static Ggc decode(int ggc, java.util.Optional<Generation> generation) {
        return generation.map(g -> decode(ggc, g.gmsEncoding())).orElseGet(() -> undecoded(ggc));
    }

    private static OptionalLong gtt(int ggc) {
        int ggms = (ggc >> 6) & 0x3;
        return OptionalLong.of(ggms == 0 ? 0 : (1L << ggms) * MIB);
    }
}
