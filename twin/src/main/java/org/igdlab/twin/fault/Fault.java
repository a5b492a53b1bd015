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
    FLAKY("flaky", Flaky::read),

    // --- Model mutations: each one breaks one rule of igd-model.md at the one place the model
    // --- decides it, so that the mutation check (lab MutationsOnTwinIT) can show that the nightly
    // --- suite notices. They are product-looking on purpose, like firmware-never-writes-asls.

    /** SeaBIOS writes the DSM base as a qword to 0xC0 instead of a dword to 0x5C (§3 BDSM step). */
    SEABIOS_WRITES_0XC0("seabios-writes-0xc0", FaultParameters::none),
    /** SeaBIOS programs BDSM at any guest address, not only at 00:02.0 (§3 BDSM step). */
    SEABIOS_BDSM_AT_ANY_BDF("seabios-bdsm-at-any-bdf", FaultParameters::none),
    /** SeaBIOS reserves the DSM 4 KiB-aligned instead of 1 MiB-aligned (§3 memalign_tmphigh(1 MiB)). */
    SEABIOS_BDSM_NOT_1MIB_ALIGNED("bdsm-not-1mib-aligned", FaultParameters::none),
    /** SeaBIOS places the OpRegion copy 16-byte-aligned instead of 4 KiB-aligned (§3 memalign_high(4096)). */
    SEABIOS_OPREGION_NOT_PAGE_ALIGNED("opregion-not-page-aligned", FaultParameters::none),
    /** Stock OVMF copies etc/igd-opregion and writes ASLS as if it had IGD code (§4.1). */
    OVMF_WRITES_ASLS("ovmf-writes-asls", FaultParameters::none),
    /** QEMU 10.1+ does not emulate ASLS (0xFC), so the guest reads the kernel's host address (§2.3 step 8). */
    QEMU_FORGETS_ASLS_EMULATION("qemu-forgets-asls-emulation", FaultParameters::none),
    /** QEMU 10.1+ adds etc/igd-opregion even with x-igd-opregion=off (§1 x-igd-opregion, §2.3 step 6). */
    X_IGD_OPREGION_IGNORED("x-igd-opregion-ignored", FaultParameters::none),
    /** QEMU 10.1+ keeps the band A–C default x-igd-opregion=off (§1: default on since 10.1, 16cbb43302). */
    OPREGION_DEFAULT_OFF("opregion-default-off", FaultParameters::none),
    /** QEMU 10.1+ emulates the dword BDSM at 0x5C for Gen11+ too, leaving 0xC0 to the hardware (§2.3 step 10). */
    GEN11_BDSM_AT_0X5C("gen11-bdsm-at-0x5c", FaultParameters::none),
    /** QEMU 10.1+ emulates GGC with GMS zeroed although x-igd-gms is not set (§2.3 step 9; band A's §2.5 behaviour). */
    GGC_GMS_ZEROED("ggc-gms-zeroed", FaultParameters::none),
    /** QEMU 10.1+ allows legacy mode for Gen11/12 as 10.0 did (§1.1 band D: gen 6–9 only; §2.3 step 5). */
    LEGACY_ALLOWS_GEN11_12("legacy-allows-gen11-12", FaultParameters::none),
    /** QEMU 10.1+ enters legacy mode without a ROM: the "Device has no ROM" check is skipped (§2.3 step 5). */
    LEGACY_ROM_CHECK_SKIPPED("legacy-rom-check-skipped", FaultParameters::none),
    /** After "IGD legacy mode disabled" QEMU 10.1+ carries on with steps 6–11 instead of returning (§2.3 step 12). */
    AUTO_LEGACY_FAILURE_CONTINUES("auto-legacy-failure-continues", FaultParameters::none),
    /** QEMU 10.1+ says "Device has no VBIOS" where it says "Device has no ROM" (§2.8 message catalogue). */
    WRONG_ERROR_MESSAGE("wrong-error-message", FaultParameters::none),
    /** QEMU 10.1+ prints the device ID of "OpRegion detected on Intel display %x." zero-padded, %04x (§2.3 step 3). */
    OPREGION_LINE_PADS_DEVICE_ID("opregion-line-pads-device-id", FaultParameters::none),

    // --- Probe mutations (issue 3 item 3): what only the deeper probes see; the registers look right.

    /** Firmware copies the OpRegion and writes ASLS, but leaves the copy's pages System RAM in the memory map (§3, §4.2, §7 FWaddr). */
    OPREGION_OUTSIDE_RESERVED("opregion-outside-reserved", FaultParameters::none),
    /** Firmware writes ASLS, but the bytes there do not start with the "IntelGraphicsMem" signature (§0 OpRegion, §2.6). */
    OPREGION_BAD_SIGNATURE("opregion-bad-signature", FaultParameters::none),
    /** Firmware writes BDSM, but leaves the upper half of the DSM's range System RAM in the memory map (§2.5, §3 BDSM step, §4.2). */
    DSM_RESERVED_SHORT("dsm-reserved-short", FaultParameters::none),

    // --- Guest-model mutations (issue 3 item 4): the guest drivers' reactions.

    /**
     * The Linux guest's early quirk reads the stolen base from the dword at 0x5C on every generation,
     * not from the 0xC0 qword on Gen11+ (§5.3 "Gen11+ reads 0xC0/0xC4"): a guest-model mutation.
     */
    GUEST_EARLY_QUIRK_READS_0X5C("guest-early-quirk-reads-0x5c", FaultParameters::none);

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
