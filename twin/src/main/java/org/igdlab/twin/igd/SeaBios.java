package org.igdlab.twin.igd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;

/**
 * SeaBIOS `intel_igd_setup()` (igd-model.md §3), present since 1.10.0: for every Intel VGA-class
 * function, copy etc/igd-opregion into 4 KiB-aligned ZoneHigh memory and write 0xFC; at 00:02.0
 * with a non-zero etc/igd-bdsm-size, reserve 1 MiB-aligned memory below ZoneHigh and write 0x5C.
 * Never writes 0xC0. Before 1.10 there is no IGD code: both fw_cfg files are ignored. A host's
 * SeaBIOS model mutations (seabios-writes-0xc0, seabios-bdsm-at-any-bdf, bdsm-not-1mib-aligned,
 * opregion-not-page-aligned) each change one of these steps.
 */
public final class SeaBios implements GuestFirmware {
    private static final long MIB = 1024 * 1024;
    private final String version;
    private final Faults faults;

    public SeaBios(String version) {
        this(version, Faults.none());
    }

    public SeaBios(String version, Faults faults) {
        this.version = version;
        this.faults = faults;
    }

    @Override
    public String name() {
        return "seabios-" + version;
    }

    @Override
    public boolean runsVgaOptionRom() {
        return true;
    }

    @Override
    public List<String> post(FirmwareContext ctx) {
        List<String> log = new ArrayList<>();
        log.add("SeaBIOS (version " + version + "-igdlab-twin)");
        log.add(String.format("RamSize: 0x%08x [cmos]", ctx.lowRamTop()));
        long zoneHighSize = atLeast(1, 16, 1) ? 16 * MIB : 256 * 1024;
        // ZoneHigh is E820_RESERVED whether or not there is an IGD (src/malloc.c)
        ctx.memory().mark(ctx.lowRamTop() - zoneHighSize, zoneHighSize, GuestMemory.Type.RESERVED);
        if (!atLeast(1, 10, 0)) return log;
        long highNext = ctx.lowRamTop();
        long tmpHighNext = ctx.lowRamTop() - zoneHighSize;
        for (PciConfigAccess dev : ctx.devices()) {
            if (dev.vendorId() != 0x8086 || (dev.classCode() >> 8) != 0x0300) continue;
            byte[] opregion = ctx.fwCfg().get(Qemu101IgdQuirk.OPREGION_FILE);
            byte[] sizeFile = ctx.fwCfg().get(Qemu101IgdQuirk.BDSM_SIZE_FILE);
            long bdsmSize = sizeFile == null ? 0 : ByteBuffer.wrap(sizeFile).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (opregion != null && opregion.length > 0) {
                long addr = faults.has(Fault.SEABIOS_OPREGION_NOT_PAGE_ALIGNED)
                        ? alignDown(highNext - opregion.length - 0x18, 16)
                        : alignDown(highNext - opregion.length, 4096);
                highNext = addr;
                ctx.memory().write(addr, opregion);
                dev.write(IgdRegisters.ASLS, 4, addr);
                log.add(String.format("Intel IGD OpRegion enabled at 0x%08x, size %dKB, dev %s", addr, opregion.length >> 10,
                        dev.address().shortForm()));
            }
            boolean atIgdSlot = dev.address().equals(PciAddress.IGD) || faults.has(Fault.SEABIOS_BDSM_AT_ANY_BDF);
            if (bdsmSize != 0 && atIgdSlot) {
                // bdsm-not-1mib-aligned: the DSM goes right under the OpRegion copy, page-aligned only
                long addr = faults.has(Fault.SEABIOS_BDSM_NOT_1MIB_ALIGNED) ? alignDown(highNext - bdsmSize, 4096)
                        : alignDown(tmpHighNext - bdsmSize, MIB);
                tmpHighNext = addr;
                ctx.memory().mark(addr, bdsmSize, GuestMemory.Type.RESERVED);
                if (faults.has(Fault.SEABIOS_WRITES_0XC0)) dev.write(IgdRegisters.BDSM64, 8, addr);
                else dev.write(IgdRegisters.BDSM, 4, addr);
                log.add(String.format("Intel IGD BDSM enabled at 0x%08x, size %dMB, dev %s", addr, bdsmSize / MIB,
                        dev.address().shortForm()));
            }
        }
        return log;
    }

    private static long alignDown(long value, long alignment) {
        return value & -alignment;
    }

    private boolean atLeast(int major, int minor, int micro) {
        String[] p = version.split("[.-]");
        int[] v = new int[3];
        for (int i = 0; i < 3 && i < p.length; i++) {
            try {
                v[i] = Integer.parseInt(p[i]);
            } catch (NumberFormatException e) {
                v[i] = 0;
            }
        }
        return java.util.Arrays.compare(v, new int[] {major, minor, micro}) >= 0;
    }
}
