package org.igdlab.twin.igd;

import java.util.List;

/** A guest firmware's IGD handling at POST. Returns its debug-console lines. */
public interface GuestFirmware {
    String name();

    List<String> post(FirmwareContext context);

    /** Whether POST executes the primary VGA device's legacy option ROM (a VBIOS): a BIOS does, UEFI does not. */
    default boolean runsVgaOptionRom() {
        return false;
    }
}
