package org.igdlab.twin.igd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OVMF with VfioIgdPkg's IgdAssignmentDxe in the IGD's option ROM (igd-model.md §4.2).
 * <ul>
 * <li>{@link Variant#CURRENT} (067328d): needs etc/igd-opregion, handles VGA and display-class Intel
 *     devices its ID table knows (unknown IDs: nothing at all), DSM size from the guest-visible GGC,
 *     writes 0x5C (dword) or 0xC0 (qword) or no BDSM by generation, BDSM only at 00:02.0.</li>
 * <li>{@link Variant#ORIGINAL_2018} (TianoCore BZ 935): VGA class only; a present etc/igd-bdsm-size
 *     of 0 aborts the whole driver; DSM size from that file; dword write to 0x5C only.</li>
 * </ul>
 */
public final class IgdAssignmentDxe implements GuestFirmware {
    public enum Variant { CURRENT, ORIGINAL_2018 }

    private static final long MIB = 1024 * 1024;
    private final GuestFirmware ovmf;
    private final Variant variant;

    public IgdAssignmentDxe(GuestFirmware ovmf, Variant variant) {
        this.ovmf = ovmf;
        this.variant = variant;
    }

    @Override
    public String name() {
        return ovmf.name() + "+igd-assignment-dxe-" + variant.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public List<String> post(FirmwareContext ctx) {
        List<String> log = new ArrayList<>(ovmf.post(ctx));
        byte[] opregion = ctx.fwCfg().get(Qemu101IgdQuirk.OPREGION_FILE);
        byte[] sizeFile = ctx.fwCfg().get(Qemu101IgdQuirk.BDSM_SIZE_FILE);
        OvmfAllocator memory = new OvmfAllocator(ctx.lowRamTop());
        for (PciConfigAccess dev : ctx.devices()) {
            if (dev.vendorId() != 0x8086) continue;
            if (variant == Variant.CURRENT) current(dev, opregion, memory, ctx, log);
            else original(dev, opregion, sizeFile, memory, ctx, log);
        }
        return log;
    }

    private void current(PciConfigAccess dev, byte[] opregion, OvmfAllocator memory, FirmwareContext ctx, List<String> log) {
        int cls = dev.classCode();
        if (cls != 0x030000 && (cls >> 8) != 0x0380) return;
        Optional<VfioIgdPkgDevices.Family> family = VfioIgdPkgDevices.lookup((int) dev.read(IgdRegisters.DEVICE, 2));
        if (family.isEmpty()) {
            log.add("GetIgdPrivateData: Unsupported");
            return;
        }
        if (opregion == null) return;
        setupOpRegion(dev, opregion, memory, ctx, log);
        if (!dev.address().equals(PciAddress.IGD) || family.get().bdsm() == VfioIgdPkgDevices.Bdsm.NONE) return;
        long size = VfioIgdPkgDevices.dsmBytes(family.get().decode(), dev.read(IgdRegisters.GGC, 2));
        if (size == 0) return;
        long addr = memory.allocate(size, MIB);
        ctx.memory().mark(addr, size, GuestMemory.Type.RESERVED);
        if (family.get().bdsm() == VfioIgdPkgDevices.Bdsm.QWORD_C0) dev.write(IgdRegisters.BDSM64, 8, addr);
        else dev.write(IgdRegisters.BDSM, 4, addr);
        log.add(String.format("SetupStolenMemory: %s: stolen memory @ 0x%x, size %d MB", dev.address().fullForm(), addr, size / MIB));
    }

    private void original(PciConfigAccess dev, byte[] opregion, byte[] sizeFile, OvmfAllocator memory, FirmwareContext ctx, List<String> log) {
        if (dev.classCode() != 0x030000) return;
        if (opregion == null && sizeFile == null) return;
        long size = sizeFile == null ? -1 : ByteBuffer.wrap(sizeFile).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (size == 0) {
            log.add("IgdAssignmentDxe: etc/igd-bdsm-size: invalid value");
            return;
        }
        if (opregion != null) setupOpRegion(dev, opregion, memory, ctx, log);
        if (size > 0 && dev.address().equals(PciAddress.IGD)) {
            long addr = memory.allocate(size, MIB);
            ctx.memory().mark(addr, size, GuestMemory.Type.RESERVED);
            dev.write(IgdRegisters.BDSM, 4, addr);
            log.add(String.format("SetupStolenMemory: %s: stolen memory @ 0x%x, size %d MB", dev.address().fullForm(), addr, size / MIB));
        }
    }

    private static void setupOpRegion(PciConfigAccess dev, byte[] opregion, OvmfAllocator memory, FirmwareContext ctx,
                                      List<String> log) {
        long addr = memory.allocate(opregion.length, 4096);
        // EfiACPIMemoryNVS pages (§4.2), which the guest's memory map shows as ACPI NVS
        ctx.memory().mark(addr, opregion.length, GuestMemory.Type.ACPI_NVS);
        ctx.memory().write(addr, opregion);
        dev.write(IgdRegisters.ASLS, 4, addr);
        int major = opregion.length > 0x17 ? opregion[0x17] & 0xff : 0;
        int minor = opregion.length > 0x16 ? opregion[0x16] & 0xff : 0;
        log.add(String.format("SetupOpRegion: %s: OpRegion @ 0x%x size 0x%x version %d.%d.0", dev.address().fullForm(), addr,
                opregion.length, major, minor));
    }
}
