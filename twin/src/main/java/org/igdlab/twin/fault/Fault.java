package org.igdlab.twin.fault;

import java.util.Arrays;
import java.util.Optional;

/**
 * A named misbehaviour a twin host can be seeded with (twin.yaml `twin.faults`). Each fault is
 * consulted at one decision point of the model; adding one means adding a constant here and a
 * check where it applies.
 */
public enum Fault {
    /** The guest firmware (SeaBIOS or any OVMF variant) never writes ASLS (0xFC). */
    FIRMWARE_NEVER_WRITES_ASLS("firmware-never-writes-asls"),
    /** After {@code reboot} the host goes down and its SSH server never accepts a session again. */
    NEVER_BACK_FROM_REBOOT("never-back-from-reboot"),
    /** A reboot takes {@code VirtualHost.SLOW_REBOOT_FACTOR} times the usual downtime. */
    SLOW_REBOOT("slow-reboot");

    private final String yamlName;

    Fault(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<Fault> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.yamlName.equals(name)).findFirst();
    }
}
