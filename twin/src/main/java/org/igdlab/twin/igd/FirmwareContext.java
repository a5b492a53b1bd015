package org.igdlab.twin.igd;

import java.util.List;
import java.util.Map;

/** What guest firmware sees at POST: fw_cfg files, the PCI functions, and the top of RAM below 4 GiB. */
public record FirmwareContext(Map<String, byte[]> fwCfg, List<PciConfigAccess> devices, long lowRamTop) {
    public FirmwareContext {
        fwCfg = Map.copyOf(fwCfg);
        devices = List.copyOf(devices);
        if (lowRamTop <= 0 || lowRamTop > 0x1_0000_0000L) throw new IllegalArgumentException("lowRamTop (0x" + Long.toHexString(lowRamTop) + ") must be in (0, 4 GiB]");
    }
}
