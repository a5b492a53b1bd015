package org.igdlab.twin.igd;

/**
 * QEMU emulates `width` bytes at `offset`: the guest reads `value`, and its writes change the
 * bits in `writeMask` only. A register without an emulation is HOST: it reads and writes through
 * vfio to the device.
 */
public record RegisterEmulation(int offset, int width, long value, long writeMask) {
    public RegisterEmulation {
        if (width != 2 && width != 4 && width != 8) throw new IllegalArgumentException("width (" + width + ") must be 2, 4 or 8");
        if (offset < 0 || offset + width > ConfigSpace.SIZE) throw new IllegalArgumentException("offset (0x" + Integer.toHexString(offset) + ") is outside config space");
    }

    /** EMU0: emulated, initial value 0, fully writable (the guest firmware programs it). */
    static RegisterEmulation zeroWritable(int offset, int width) {
        return new RegisterEmulation(offset, width, 0, width == 8 ? -1L : (1L << (8 * width)) - 1);
    }

    /** EMU: emulated, fixed value, read-only. */
    static RegisterEmulation readOnly(int offset, int width, long value) {
        return new RegisterEmulation(offset, width, value, 0);
    }

    boolean covers(int byteOffset) {
        return byteOffset >= offset && byteOffset < offset + width;
    }
}
