package org.igdlab.twin.igd;

/**
 * The host's IGD as vfio-pci presents it: the live hardware config space, the kernel's ROM region
 * size, the kernel OpRegion region (null when the kernel exposes no IGD regions), the host LPC
 * bridge IDs (for x-igd-lpc), and whether the kernel has the VGA region (index 8: needs
 * CONFIG_VFIO_PCI_VGA and no `disable_vga=1`, igd-model.md §5.1).
 */
public record HostIgd(PciAddress hostAddress, ConfigSpace hardware, long romSize, byte[] opRegion,
                      int lpcDeviceId, int lpcRevision, boolean vgaRegion) {
    public HostIgd {
        if (hostAddress == null || hardware == null) throw new IllegalArgumentException("hostAddress and hardware are required");
        if (romSize < 0) throw new IllegalArgumentException("romSize (" + romSize + ") must be >= 0");
    }

    /** A host whose kernel has the VGA region. */
    public HostIgd(PciAddress hostAddress, ConfigSpace hardware, long romSize, byte[] opRegion, int lpcDeviceId, int lpcRevision) {
        this(hostAddress, hardware, romSize, opRegion, lpcDeviceId, lpcRevision, true);
    }

    public int vendorId() {
        return (int) hardware.read(IgdRegisters.VENDOR, 2);
    }

    public int deviceId() {
        return (int) hardware.read(IgdRegisters.DEVICE, 2);
    }

    /** 24-bit class code: base << 16 | sub << 8 | prog-if. */
    public int classCode() {
        return (int) hardware.read(IgdRegisters.CLASS, 4) & 0xffffff;
    }

    boolean intel() {
        return vendorId() == 0x8086;
    }

    boolean vgaClass() {
        return (classCode() >> 8) == 0x0300;
    }

    public boolean kernelIgdRegions() {
        return opRegion != null;
    }

    /** The same device with another kernel OpRegion region (null: no IGD regions). */
    public HostIgd withOpRegion(byte[] region) {
        return new HostIgd(hostAddress, hardware, romSize, region, lpcDeviceId, lpcRevision, vgaRegion);
    }
}
