package org.igdlab.twin.igd;

import java.util.Optional;
import java.util.Set;

/**
 * VfioIgdPkg's device table (current, 067328d; igd-model.md §4.2): which devices it handles, how it
 * decodes the DSM size from GGC, and which BDSM register it writes. The real table lists exact
 * IDs copied from Linux pciids; here large families are matched by ID prefix (an approximation).
 */
final class VfioIgdPkgDevices {
    enum Bdsm { DWORD_5C, QWORD_C0, NONE }

    enum GmsDecode { GEN6, BDW, CHV, GEN9 }

    record Family(String name, Bdsm bdsm, GmsDecode decode) { }

    private static final Set<Integer> SNB_IVB_VLV = Set.of(0x0102, 0x0106, 0x010A, 0x0112, 0x0116, 0x0122, 0x0126, 0x0152,
            0x0156, 0x015A, 0x0162, 0x0166, 0x016A, 0x0F30, 0x0F31, 0x0F32, 0x0F33, 0x0155, 0x0157);
    private static final Set<Integer> GEN9_EXACT = Set.of(0x0A84, 0x1A84, 0x1A85, 0x5A84, 0x5A85, 0x3184, 0x3185, 0x87C0, 0x87CA);
    private static final Set<Integer> GEN11_EXACT = Set.of(0x4541, 0x4551, 0x4555, 0x4557, 0x4570, 0x4571, 0x4E51, 0x4E55,
            0x4E57, 0x4E61, 0x4E71);
    private static final Set<Integer> NO_BDSM_EXACT = Set.of(0x7D40, 0x7D41, 0x7D45, 0x7D51, 0x7D55, 0x7D60, 0x7D67, 0x7DD1,
            0x7DD5, 0xB640, 0x6420, 0x64A0, 0x64B0, 0xB0A0, 0xB0B0, 0xFD80, 0xFD81);

    private VfioIgdPkgDevices() { }

    static Optional<Family> lookup(int id) {
        int prefix = id & 0xFF00;
        if (SNB_IVB_VLV.contains(id)) return family("gen6", Bdsm.DWORD_5C, GmsDecode.GEN6);
        if (prefix == 0x0400 || prefix == 0x0A00 && !GEN9_EXACT.contains(id) || prefix == 0x0C00 || prefix == 0x0D00) {
            return family("haswell", Bdsm.DWORD_5C, GmsDecode.GEN6);
        }
        if (prefix == 0x1600) return family("broadwell", Bdsm.DWORD_5C, GmsDecode.BDW);
        if (id >= 0x22B0 && id <= 0x22B3) return family("cherryview", Bdsm.DWORD_5C, GmsDecode.CHV);
        if (GEN9_EXACT.contains(id) || prefix == 0x1900 || prefix == 0x5900 || prefix == 0x3E00 || prefix == 0x9B00) {
            return family("gen9", Bdsm.DWORD_5C, GmsDecode.GEN9);
        }
        if (GEN11_EXACT.contains(id) || prefix == 0x8A00 || prefix == 0x9A00 || prefix == 0x4C00 || prefix == 0x4600
                || prefix == 0xA700) {
            return family("gen11-12", Bdsm.QWORD_C0, GmsDecode.GEN9);
        }
        if (NO_BDSM_EXACT.contains(id) || (id >= 0xB080 && id <= 0xB090) || (id >= 0xD740 && id <= 0xD75F)) {
            return family("xe-lpg-and-later", Bdsm.NONE, GmsDecode.GEN9);
        }
        return Optional.empty();
    }

    private static Optional<Family> family(String name, Bdsm bdsm, GmsDecode decode) {
        return Optional.of(new Family(name, bdsm, decode));
    }

    static long dsmBytes(GmsDecode decode, long ggc) {
        long mib = 1024 * 1024;
        return switch (decode) {
            case GEN6 -> ((ggc >> 3) & 0x1f) * 32 * mib;
            case BDW -> ((ggc >> 8) & 0xff) * 32 * mib;
            case CHV -> {
                long gms = (ggc >> 3) & 0x1f;
                if (gms <= 0x10) yield gms * 32 * mib;
                if (gms <= 0x16) yield (8 + (gms - 0x11) * 4) * mib;
                yield (36 + (gms - 0x17) * 4) * mib;
            }
            case GEN9 -> {
                long gms = (ggc >> 8) & 0xff;
                yield gms < 0xf0 ? gms * 32 * mib : (gms - 0xf0 + 1) * 4 * mib;
            }
        };
    }
}
