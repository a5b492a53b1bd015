package org.igdlab.twin.igd;

/**
 * The host's IGD as vfio-pci presents it: the live hardware config space, the kernel's ROM region
 * size, the kernel OpRegion region (null when the kernel exposes no IGD regions) and the host LPC
 * bridge IDs (for x-igd-lpc).
 */
public record HostIgd(PciAddress hostAddress, ConfigSpace hardware, long romSize, byte[] opRegion,
                      int lpcDeviceId, int lpcRevision) {
    public HostIgd {
        if (hostAddress == null || hardware == null) throw new IllegalArgumentException("hostAddress and hardware are required");
        if (romSize < 0) throw new IllegalArgumentException("romSize (" + romSize + ") must be >= 0");
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

    public boolean kernelIgdRegions() {
        return opRegion != null;
    }
}
