package org.igdlab.twin.igd;

/** Config-space access to one guest PCI function, as guest firmware and the guest OS have it. */
public interface PciConfigAccess {
    PciAddress address();

    long read(int offset, int width);

    void write(int offset, int width, long value);

    default int vendorId() {
        return (int) read(IgdRegisters.VENDOR, 2);
    }

    default int classCode() {
        return (int) read(IgdRegisters.CLASS, 4) & 0xffffff;
    }

    /** The whole 4 KiB as the guest reads it. */
    default byte[] snapshot() {
        byte[] bytes = new byte[ConfigSpace.SIZE];
        for (int i = 0; i < bytes.length; i += 4) {
            long v = read(i, 4);
            for (int b = 0; b < 4; b++) bytes[i + b] = (byte) (v >>> (8 * b));
        }
        return bytes;
    }
}
