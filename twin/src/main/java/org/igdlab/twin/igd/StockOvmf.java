package org.igdlab.twin.igd;

import java.util.List;

/** Stock OVMF (igd-model.md §4.1): no IGD code; ignores both fw_cfg files and writes nothing. */
public final class StockOvmf implements GuestFirmware {
    private final String version;

    public StockOvmf(String version) {
        this.version = version;
    }

    @Override
    public String name() {
        return "ovmf-" + version;
    }

    @Override
    public List<String> post(FirmwareContext context) {
        return List.of();
    }
}
