package org.igdlab.twin.qemu;

import org.igdlab.twin.igd.ConfigSpace;
import org.igdlab.twin.igd.PciAddress;
import org.igdlab.twin.igd.PciConfigAccess;

/** A PCI function QEMU emulates entirely (host bridge, LPC/ISA bridge, std VGA, virtio). */
final class EmulatedFunction implements PciConfigAccess {
    private final PciAddress address;
    private final ConfigSpace config = new ConfigSpace();

    EmulatedFunction(PciAddress address, int vendor, int device, int classCode, int revision) {
        this.address = address;
        config.write(0x00, 2, vendor);
        config.write(0x02, 2, device);
        config.write(0x04, 2, 0x0007);
        config.write(0x08, 1, revision);
        config.write(0x09, 1, classCode & 0xff);
        config.write(0x0a, 2, classCode >> 8);
        config.write(0x2c, 2, 0x1af4);
        config.write(0x2e, 2, 0x1100);
    }

    @Override
    public PciAddress address() {
        return address;
    }

    @Override
    public long read(int offset, int width) {
        return config.read(offset, width);
    }

    @Override
    public void write(int offset, int width, long value) {
        if (offset >= 0x10) config.write(offset, width, value);
    }
}
