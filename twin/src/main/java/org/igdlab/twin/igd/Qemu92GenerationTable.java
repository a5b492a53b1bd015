package org.igdlab.twin.igd;

/**
 * igd_gen() of QEMU 9.2 (band B, igd-model.md §2.2 "Older tables"): the band A table plus CFL 9,
 * EHL 11 and TGL 12; every other ID (CML, GLK, ICL, JSL, RKL, ADL, RPL, BXT 0x1A85/0x5A85…) is −1.
 */
final class Qemu92GenerationTable implements GenerationTable {
    @Override
    public int generationOf(int deviceId) {
        if ((deviceId & 0xFFF) == 0xA84) return 8;
        return switch (deviceId & 0xFF00) {
            case 0x0100, 0x0400, 0x0A00, 0x0C00, 0x0D00, 0x0F00 -> 6;
            case 0x1600, 0x1900, 0x2200, 0x5900 -> 8;
            case 0x3E00 -> 9;
            case 0x4500 -> 11;
            case 0x9A00 -> 12;
            default -> -1;
        };
    }
}
