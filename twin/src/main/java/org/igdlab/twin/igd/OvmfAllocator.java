package org.igdlab.twin.igd;

/**
 * Where OVMF's page allocator puts reserved/NVS memory below 4 GiB: top-down under the top of
 * low RAM, below what OVMF itself already took (a real log shows an 8 KiB + VBT OpRegion at
 * 0xBFBBC000 with 3 GiB of low RAM).
 */
final class OvmfAllocator {
    private static final long OVMF_OWN = 0x440000;
    private long next;

    OvmfAllocator(long lowRamTop) {
        this.next = lowRamTop - OVMF_OWN;
    }

    long allocate(long size, long alignment) {
        next = (next - size) & -alignment;
        return next;
    }
}
