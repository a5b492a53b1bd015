package org.igdlab.twin.fault;

import java.util.Arrays;
import java.util.Optional;

/**
 * A named misbehaviour a twin host can be seeded with (twin.yaml `twin.faults`). Each fault is
 * consulted at one decision point of the model; adding one means adding a constant here (with
 * the reader of its parameters, if it takes any) and a check where it applies.
 */
public enum Fault {
    /** The guest firmware (SeaBIOS or any OVMF variant) never writes ASLS (0xFC). */
    FIRMWARE_NEVER_WRITES_ASLS("firmware-never-writes-asls", FaultParameters::none),
    /** After {@code reboot} the host goes down and its SSH server never accepts a session again. */
    NEVER_BACK_FROM_REBOOT("never-back-from-reboot", FaultParameters::none),
    /** A reboot takes {@code VirtualHost.SLOW_REBOOT_FACTOR} times the usual downtime. */
    SLOW_REBOOT("slow-reboot", FaultParameters::none),
    /** The host accepts TCP but never speaks SSH ({@link Unreachable}). */
    UNREACHABLE("unreachable", Unreachable::read),
    /** The SSH session drops, without an exit status, during the Nth call of one agent verb ({@link DropConnection}). */
    DROP_CONNECTION("drop-connection", DropConnection::read),
    /** The virtual QEMU dies by SIGSEGV a while after its vCPUs start ({@link QemuCrash}). */
    QEMU_CRASH("qemu-crash", QemuCrash::read),
    /** The guest stops booting part-way: the serial log stops and the guest agent never answers. */
    GUEST_HANG("guest-hang", FaultParameters::none),
    /** The installed guest image is damaged: QEMU refuses to open it as qcow2 ({@code qemu.VirtualQemu}). */
    GUEST_IMAGE_CORRUPT("guest-image-corrupt", FaultParameters::none),
    /** Every launch floods the host's dmesg with DMAR fault lines ({@link DmarStorm}). */
    DMAR_STORM("dmar-storm", DmarStorm::read),
    /** The first N calls of one agent verb fail like a transient lab fault ({@link Flaky}). */
    FLAKY("flaky", Flaky::read);

    /** Reads a fault's parameters into its setting; null for a fault without parameters. */
    @FunctionalInterface
    interface Reader {
        Object read(FaultParameters parameters);
    }

    private final String yamlName;
    private final Reader reader;

    Fault(String yamlName, Reader reader) {
        this.yamlName = yamlName;
        this.reader = reader;
    }

    public String yamlName() {
        return yamlName;
    }

    /** This fault's setting from its parameters (refusing unknown ones); null when it takes none. */
    Object setting(FaultParameters parameters) {
        Object setting = reader.read(parameters);
        parameters.refuseUnread();
        return setting;
    }

    public static Optional<Fault> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.yamlName.equals(name)).findFirst();
    }
}
