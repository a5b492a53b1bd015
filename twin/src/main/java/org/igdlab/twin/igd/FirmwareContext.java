package org.igdlab.twin.igd;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What guest firmware sees at POST: fw_cfg files, the PCI functions, the top of RAM below 4 GiB,
 * and the guest memory it reserves ranges of and copies the OpRegion into.
 */
public record FirmwareContext(Map<String, byte[]> fwCfg, List<PciConfigAccess> devices, long lowRamTop, GuestMemory memory) {
    public FirmwareContext {
        fwCfg = Map.copyOf(fwCfg);
        devices = List.copyOf(devices);
        if (lowRamTop <= 0 || lowRamTop > 0x1_0000_0000L) throw new IllegalArgumentException("lowRamTop (0x" + Long.toHexString(lowRamTop) + ") must be in (0, 4 GiB]");
        Objects.requireNonNull(memory, "memory");
    }

    /** A context with a memory of its own (no RAM above 4 GiB), for tests that look only at registers. */
    public FirmwareContext(Map<String, byte[]> fwCfg, List<PciConfigAccess> devices, long lowRamTop) {
        this(fwCfg, devices, lowRamTop, new GuestMemory(lowRamTop, lowRamTop));
    }
}
