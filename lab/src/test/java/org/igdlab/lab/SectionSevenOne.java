package org.igdlab.lab;

import java.util.Map;

/**
 * igd-model.md §7.1, written out a third time for the integration test: independent of the
 * runner's expectations.yaml and of the twin's model, so that the test cannot agree with either
 * by construction. Scope: QEMU 10.1/10.2, SeaBIOS ≥ 1.10, stock OVMF, VGA-class host IGD, host
 * kernel with the IGD regions, no romfile, x-igd-legacy-mode default (auto).
 */
final class SectionSevenOne {

    /** What a register should read in the guest. */
    enum Reg { FIRMWARE, ZERO, HOST, UNCHECKED }

    /** QEMU ≥ 10.0 generation per igd-model.md §6 ("QEMU gen ≥10.0" column). */
    static final Map<String, Integer> QEMU_GEN = Map.of(
            "sandy-bridge", 6, "haswell", 7, "kaby-lake", 9, "coffee-lake", 9,
            "ice-lake", 11, "tiger-lake", 12, "alder-lake", 12, "meteor-lake", -1);

    record Host(String generation, boolean shadowRom, int ggc) {
        int gen() {
            return QEMU_GEN.get(generation);
        }

        boolean ivd() {
            return (ggc & 0x2) != 0;
        }

        /** DSM size from GMS (§0 / §2.5): Gen6/7 bits 7:3 × 32 MiB; Gen8+ bits 15:8 (×32 MiB, or 4 MiB steps from 0xF0). */
        long dsmBytes() {
            int g = gen();
            if (g < 0) {
                return 0;
            }
            if (g < 8) {
                return ((ggc >> 3) & 0x1f) * 32L << 20;
            }
            int gms = (ggc >> 8) & 0xff;
            return g >= 9 && gms >= 0xf0 ? (gms - 0xf0 + 1) * 4L << 20 : gms * 32L << 20;
        }
    }

    record Cell(String machine, String firmware, String mode, String opregion) {
        boolean at0200() {
            return "legacy".equals(mode);
        }
    }

    record Expect(Reg asls, Reg bdsm, Reg bdsm64, Reg ggc, boolean legacyActive, boolean noRom) {
    }

    static Expect expect(Cell cell, Host host) {
        int gen = host.gen();
        // §1.1 / §2.3 step 5: the legacy test (auto mode).
        boolean legacyCandidate = "pc".equals(cell.machine()) && cell.at0200() && gen >= 6 && gen <= 9 && !host.ivd();
        if (legacyCandidate && !host.shadowRom()) {
            // §7.1 "same but no ROM": Device has no ROM; IGD legacy mode disabled; nothing emulated.
            return new Expect(Reg.HOST, Reg.HOST, Reg.UNCHECKED, Reg.HOST, false, true);
        }
        boolean legacy = legacyCandidate;
        boolean opregionFile = legacy || !"off".equals(cell.opregion());   // default ON since 10.1
        boolean seabios = "seabios".equals(cell.firmware());
        // §2.3 step 8 + §3: ASLS is EMU0 for every detected IGD; only SeaBIOS writes it, when the file exists.
        Reg asls = seabios && opregionFile ? Reg.FIRMWARE : Reg.ZERO;
        Reg bdsm;
        Reg bdsm64;
        if (gen >= 6 && gen <= 9) {
            // 0x5C EMU0; SeaBIOS writes it only at 00:02.0 with a non-zero bdsm-size.
            bdsm = seabios && cell.at0200() && host.dsmBytes() > 0 ? Reg.FIRMWARE : Reg.ZERO;
            bdsm64 = Reg.UNCHECKED;
        } else if (gen >= 11) {
            // 0xC0 EMU0, never written by SeaBIOS or stock OVMF; SeaBIOS's 0x5C write at 00:02.0 lands in hardware (H4).
            bdsm = seabios && cell.at0200() ? Reg.UNCHECKED : Reg.HOST;
            bdsm64 = Reg.ZERO;
        } else {
            // gen −1: no BDSM quirk at all.
            bdsm = Reg.HOST;
            bdsm64 = Reg.HOST;
        }
        return new Expect(asls, bdsm, bdsm64, Reg.HOST, legacy, false);
    }

    private SectionSevenOne() {
    }
}
