package org.igdlab.twin.igd;

/**
 * igd_gen() of QEMU 2.7–9.1 (band A, igd-model.md §2.2 "Older tables"): SNB…BYT are "6", BDW/SKL/
 * CHV/KBL "8", a handful of pre-SNB masks unknown, and everything else assumed to be a compatible 8.
 */
final class Qemu27GenerationTable implements GenerationTable {
    @Override
    public int generationOf(int deviceId) {
        if ((deviceId & 0xFFF) == 0xA84) return 8;
        return switch (deviceId & 0xFF00) {
            case 0x0000, 0x2500, 0x2700, 0x2900, 0x2A00, 0x2E00, 0x3500, 0xA000 -> -1;
            case 0x0100, 0x0400, 0x0A00, 0x0C00, 0x0D00, 0x0F00 -> 6;
            case 0x1600, 0x1900, 0x2200, 0x5900 -> 8;
            default -> 8;
        };
    }
}
