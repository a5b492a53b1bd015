package org.igdlab.twin.igd;

/** igd_stolen_memory_size() of QEMU 10.x: DSM size in bytes from the GGC value (igd-model.md §2.5). */
final class DsmSize {
    private static final long MIB = 1024 * 1024;

    private DsmSize() { }

    static long bytes(int gen, long ggc) {
        if (gen < 6) return 0;
        if (gen < 8) return ((ggc >> 3) & 0x1f) * 32 * MIB;
        long gms = (ggc >> 8) & 0xff;
        if (gen == 8 || gms < 0xf0) return gms * 32 * MIB;
        return (gms - 0xf0 + 1) * 4 * MIB;
    }
}
