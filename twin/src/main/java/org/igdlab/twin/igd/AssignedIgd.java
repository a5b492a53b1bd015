package org.igdlab.twin.igd;

import java.util.ArrayList;
import java.util.List;

/**
 * The guest's window onto the assigned IGD: QEMU's emulated registers over vfio's view of the
 * hardware. A write to an emulated register changes the guest view (within its write mask); any
 * other write goes through vfio to the device. The kernel virtualizes ASLS (0xFC) when it exposes
 * the IGD regions: reads return the host address, writes stay in the kernel's copy.
 *
 * <p>Writes that reach the device land in this VM run's copy of its config space, not in the
 * host's: the guest reads them back while it runs (igd-model.md §7.1, "SeaBIOS's write goes to
 * HW", H4), and they end with the run. What real Gen11+ hardware keeps of a guest's 0x5C write is
 * unknown (§9); the IGD supports FLR, which vfio-pci issues when QEMU releases the device, and a
 * twin whose hosts remembered one cell's writes would make every later cell on that host depend
 * on the order the cells ran in.
 */
public final class AssignedIgd implements PciConfigAccess {
    private final PciAddress guestAddress;
    private final ConfigSpace hardware;
    private final ConfigSpace kernelCopy;
    /** The host's config space as the host firmware left it, never written: what the host BIOS allocated. */
    private final ConfigSpace hostFirmwareView;
    private final boolean kernelVirtualizesAsls;
    private final List<Emulated> emulated = new ArrayList<>();

    private static final class Emulated {
        final RegisterEmulation register;
        long value;

        Emulated(RegisterEmulation register) {
            this.register = register;
            this.value = register.value();
        }
    }

    public AssignedIgd(HostIgd host, List<RegisterEmulation> emulations, PciAddress guestAddress) {
        this.guestAddress = guestAddress;
        this.hardware = host.hardware().copy();
        this.kernelCopy = host.hardware().copy();
        this.hostFirmwareView = host.hardware().copy();
        this.kernelVirtualizesAsls = host.kernelIgdRegions();
        emulations.forEach(e -> emulated.add(new Emulated(e)));
    }

    @Override
    public PciAddress address() {
        return guestAddress;
    }

    /**
     * A register as the host firmware set it on the host (e.g. GGC: the stolen memory the host BIOS
     * allocated), whatever QEMU emulates or the guest writes. A guest driver compares against it.
     */
    public long hostFirmwareValue(int offset, int width) {
        return hostFirmwareView.read(offset, width);
    }

    @Override
    public synchronized long read(int offset, int width) {
        long value = 0;
        for (int i = width - 1; i >= 0; i--) value = (value << 8) | readByte(offset + i);
        return value;
    }

    @Override
    public synchronized void write(int offset, int width, long value) {
        for (int i = 0; i < width; i++) writeByte(offset + i, (int) (value >>> (8 * i)) & 0xff);
    }

    private int readByte(int at) {
        for (Emulated e : emulated) {
            if (e.register.covers(at)) return (int) (e.value >>> (8 * (at - e.register.offset()))) & 0xff;
        }
        return (kernelOwns(at) ? kernelCopy : hardware).readByte(at);
    }

    private void writeByte(int at, int b) {
        for (Emulated e : emulated) {
            if (e.register.covers(at)) {
                int shift = 8 * (at - e.register.offset());
                long mask = (e.register.writeMask() >>> shift) & 0xff;
                long old = (e.value >>> shift) & 0xff;
                long merged = (old & ~mask) | (b & mask);
                e.value = (e.value & ~(0xffL << shift)) | (merged << shift);
                return;
            }
        }
        (kernelOwns(at) ? kernelCopy : hardware).write(at, 1, b);
    }

    private boolean kernelOwns(int at) {
        return kernelVirtualizesAsls && at >= IgdRegisters.ASLS && at < IgdRegisters.ASLS + 4;
    }
}
