package org.igdlab.twin.igd;

/** igd_gen() of QEMU 10.0 and later (igd-model.md §2.2). */
final class Qemu10GenerationTable implements GenerationTable {
    @Override
    public int generationOf(int deviceId) {
        if ((deviceId & 0x0FFE) == 0x0A84) return 9;
        return switch (deviceId & 0xFF00) {
            case 0x0100 -> 6;
            case 0x0400, 0x0A00, 0x0C00, 0x0D00, 0x0F00 -> 7;
            case 0x1600, 0x2200 -> 8;
            case 0x1900, 0x3100, 0x5900, 0x3E00, 0x9B00 -> 9;
            case 0x8A00, 0x4500, 0x4E00 -> 11;
            case 0x9A00, 0x4C00, 0x4600, 0xA700 -> 12;
            default -> -1;
        };
    }
}
