package org.igdlab.twin.host;

import java.nio.charset.StandardCharsets;
import org.igdlab.twin.igd.ConfigSpace;
import org.igdlab.twin.igd.HostIgd;
import org.igdlab.twin.igd.PciAddress;

/** Builds a plausible IGD from an inventory entry: 4 KiB config space, OpRegion, ROM, LPC IDs. */
final class IgdHardware {
    private IgdHardware() { }

    static HostIgd build(HostSpec spec) {
        IgdSpec igd = spec.igd();
        ConfigSpace c = new ConfigSpace();
        c.write(0x00, 2, 0x8086);
        c.write(0x02, 2, igd.deviceId());
        c.write(0x04, 2, 0x0007);
        c.write(0x06, 2, 0x0090);
        c.write(0x08, 1, igd.revision());
        c.write(0x09, 1, igd.classCode() & 0xff);
        c.write(0x0a, 1, (igd.classCode() >> 8) & 0xff);
        c.write(0x0b, 1, (igd.classCode() >> 16) & 0xff);
        c.write(0x10, 4, 0xf600_0004L);
        c.write(0x18, 4, 0xe000_000cL);
        c.write(0x20, 4, 0xf001);
        c.write(0x2c, 2, 0x8086);
        c.write(0x2e, 2, 0x2212);
        c.write(0x34, 1, 0x40);
        c.write(0x3c, 1, 0x0b);
        c.write(0x3d, 1, 0x01);
        c.write(0x40, 4, 0x010c_7009L);
        c.write(0x70, 4, 0x0092_ac10L);
        c.write(0xac, 4, 0x0000_d005L);
        c.write(0xd0, 4, 0x0022_0001L);
        c.write(0x50, 2, igd.ggc());
        c.write(0x5c, 4, igd.bdsm());
        if (igd.bdsm64() != null) c.write(0xc0, 8, igd.bdsm64());
        c.write(0xfc, 4, igd.asls());
        byte[] opRegion = KernelIgdRegions.exposed(spec.kernel(), igd.classCode(), igd.asls())
                ? opRegion(spec.opregionVersion(), spec.opregionSizeKib(), spec.extendedVbtKib()) : null;
        // vfio-pci offers the VGA region (index 8) only for a VGA-class device (vfio_pci_is_vga), so a
        // display-class 0x0380 IGD has none: x-vga=on fails on it as without CONFIG_VFIO_PCI_VGA (§5.1)
        return new HostIgd(PciAddress.parseBdf(igd.bdf()), c, igd.shadowRom() ? 0x20000 : 0, opRegion,
                spec.lpcDeviceId(), spec.lpcRevision(), (igd.classCode() >> 8) == 0x0300);
    }

    /**
     * The OpRegion as the ≥ 5.16 kernel region presents it: the 8 KiB block ("IntelGraphicsMem",
     * size in KiB at 0x10, version at 0x14) followed by the extended VBT when there is one, with
     * RVDA rewritten to 0x2000 (relative) and RVDS its size.
     */
    static byte[] opRegion(String version, int sizeKib, int extendedVbtKib) {
        byte[] b = new byte[sizeKib * 1024 + extendedVbtKib * 1024];
        byte[] sig = "IntelGraphicsMem".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sig, 0, b, 0, sig.length);
        putLe(b, 0x10, sizeKib, 4);
        String[] v = version.split("\\.");
        int major = Integer.parseInt(v[0]);
        int minor = v.length > 1 ? Integer.parseInt(v[1]) : 0;
        putLe(b, 0x14, ((long) major << 24) | ((long) minor << 16), 4);
        putLe(b, 0x58, 0x1f, 4);
        byte[] vbt = "$VBT TWIN".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(vbt, 0, b, 0x400, vbt.length);
        if (extendedVbtKib > 0) {
            putLe(b, 0x3ba, sizeKib * 1024L, 8);
            putLe(b, 0x3c2, extendedVbtKib * 1024L, 4);
            System.arraycopy(vbt, 0, b, sizeKib * 1024, vbt.length);
        }
        return b;
    }

    private static void putLe(byte[] b, int at, long value, int width) {
        for (int i = 0; i < width; i++) b[at + i] = (byte) (value >>> (8 * i));
    }
}
