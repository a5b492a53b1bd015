package org.igdlab.runner.inventory;

import java.util.Objects;

/** The host's integrated graphics device. */
public record Igd(String bdf, String deviceId, String classCode, RomSource rom, HostRegisters registers) {
    public Igd {
        Checks.require("igd.bdf", bdf, Checks.BDF);
        Checks.require("igd.device-id", deviceId, Checks.DEVICE_ID);
        Checks.require("igd.class", classCode, Checks.CLASS_CODE);
        Objects.requireNonNull(rom, "rom");
        Objects.requireNonNull(registers, "registers");
    }

    public int deviceIdValue() {
        return Integer.parseInt(deviceId, 16);
    }

    /** {@code true} for class 0x0300xx (VGA compatible controller). */
    public boolean vgaClass() {
        return classCode.startsWith("0300");
    }
}
