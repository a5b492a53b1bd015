package org.igdlab.twin.igd;

import java.util.List;
import org.igdlab.twin.fault.Fault;
import org.igdlab.twin.fault.Faults;

/**
 * Stock OVMF (igd-model.md §4.1): no IGD code; ignores both fw_cfg files and writes nothing. Under
 * the model mutation ovmf-writes-asls it copies etc/igd-opregion and writes ASLS as if it had.
 */
public final class StockOvmf implements GuestFirmware {
    private final String version;
    private final Faults faults;

    public StockOvmf(String version) {
        this(version, Faults.none());
    }

    public StockOvmf(String version, Faults faults) {
        this.version = version;
        this.faults = faults;
    }

    @Override
    public String name() {
        return "ovmf-" + version;
    }

    @Override
    public List<String> post(FirmwareContext context) {
        byte[] opregion = context.fwCfg().get(Qemu101IgdQuirk.OPREGION_FILE);
        if (!faults.has(Fault.OVMF_WRITES_ASLS) || opregion == null) return List.of();
        OvmfAllocator memory = new OvmfAllocator(context.lowRamTop());
        for (PciConfigAccess dev : context.devices()) {
            if (dev.vendorId() != 0x8086 || (dev.classCode() >> 16) != 0x03) continue;
            long addr = memory.allocate(opregion.length, 4096);
            context.memory().mark(addr, opregion.length, GuestMemory.Type.ACPI_NVS);
            context.memory().write(addr, opregion);
            dev.write(IgdRegisters.ASLS, 4, addr);
        }
        return List.of();
    }
}
