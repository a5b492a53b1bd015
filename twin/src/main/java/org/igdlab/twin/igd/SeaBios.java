package org.igdlab.twin.igd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * SeaBIOS `intel_igd_setup()` (igd-model.md §3), present since 1.10.0: for every Intel VGA-class
 * function, copy etc/igd-opregion into 4 KiB-aligned ZoneHigh memory and write 0xFC; at 00:02.0
 * with a non-zero etc/igd-bdsm-size, reserve 1 MiB-aligned memory below ZoneHigh and write 0x5C.
 * Never writes 0xC0. Before 1.10 there is no IGD code: both fw_cfg files are ignored.
 */
public final class SeaBios implements GuestFirmware {
    private static final long MIB = 1024 * 1024;
    private final String version;

    public SeaBios(String version) {
        this.version = version;
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
        if (!atLeast(1, 10, 0)) return log;
        long zoneHighSize = atLeast(1, 16, 1) ? 16 * MIB : 256 * 1024;
        long highNext = ctx.lowRamTop();
        long tmpHighNext = ctx.lowRamTop() - zoneHighSize;
        for (PciConfigAccess dev : ctx.devices()) {
            if (dev.vendorId() != 0x8086 || (dev.classCode() >> 8) != 0x0300) continue;
            byte[] opregion = ctx.fwCfg().get(Qemu101IgdQuirk.OPREGION_FILE);
            byte[] sizeFile = ctx.fwCfg().get(Qemu101IgdQuirk.BDSM_SIZE_FILE);
            long bdsmSize = sizeFile == null ? 0 : ByteBuffer.wrap(sizeFile).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (opregion != null && opregion.length > 0) {
                long addr = alignDown(highNext - opregion.length, 4096);
                highNext = addr;
                dev.write(IgdRegisters.ASLS, 4, addr);
                log.add(String.format("Intel IGD OpRegion enabled at 0x%08x, size %dKB, dev %s", addr, opregion.length >> 10,
                        dev.address().shortForm()));
            }
            if (bdsmSize != 0 && dev.address().equals(PciAddress.IGD)) {
                long addr = alignDown(tmpHighNext - bdsmSize, MIB);
                tmpHighNext = addr;
                dev.write(IgdRegisters.BDSM, 4, addr);
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
