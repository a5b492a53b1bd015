package org.igdlab.runner.qemu;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.Installed;
import org.igdlab.runner.scenario.Cell;
import org.igdlab.runner.scenario.OptionRom;
import org.igdlab.runner.scenario.QemuBuild;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the QEMU argv for a cell on a host. One argument per element, never a shell string.
 * Every inserted value comes from validated records; values inside QEMU option strings have
 * {@code ,} escaped as {@code ,,}, and no element may contain a newline or NUL.
 *
 * <p>A control cell ({@link Cell#isControl()}) gets the same command line with QEMU's emulated VGA
 * at 00:02.0 in place of the vfio-pci IGD: same machine, firmware and guest image, no vfio.
 *
 * <p>The serial console goes through {@code -chardev file,…} + {@code -serial chardev:serial0}
 * rather than {@code -serial file:PATH}, because QEMU's {@code file:} shorthand does not
 * un-escape {@code ,,} and so cannot carry an arbitrary path.
 */
public final class QemuCommandLine {

    /** Where a hotplug cell pins the virtio devices: clear of the IGD's 02.0 (legacy) and 05.0 (UPT). */
    static final String HOTPLUG_SERIAL_SLOT = "06.0";
    static final String HOTPLUG_DISK_SLOT = "07.0";

    private QemuCommandLine() {
    }

    public static List<String> build(Cell cell, Host host, CellPaths paths) {
        // The cell's qemu axis (default: the host's first installed build) decides the binary, in one place.
        String qemu = QemuBuild.required(cell, host).path();
        String machine = cell.axis("machine");

        List<String> argv = new ArrayList<>();
        argv.add(qemu);
        add(argv, "-name", "igdlab-" + opt(cell.id()));
        add(argv, "-machine", machine + ",accel=kvm");
        add(argv, "-m", "4096");
        add(argv, "-smp", "2");
        argv.add("-nodefaults");
        add(argv, "-vga", "none");
        add(argv, "-display", "none");
        argv.add("-no-user-config");
        // The IGD (or, in a control cell, the emulated VGA in its place) comes before every other
        // device: QEMU gives a device without addr= the first free slot in command-line order, so on
        // i440fx a virtio device listed earlier would take 00:02.0.
        if (cell.isControl()) {
            add(argv, "-device", controlVga(machine));
        } else if (!cell.hotplug()) {
            add(argv, "-device", igdDevice(cell, host));
        }
        // hotplug: the IGD is not on the command line; the runner adds it with QMP device_add
        // (igdDeviceProperties) after the QMP handshake
        add(argv, "-qmp", "unix:" + opt(paths.qmpSocket()) + ",server=on,wait=off");
        add(argv, "-chardev", "socket,id=qga0,path=" + opt(paths.qgaSocket()) + ",server=on,wait=off");
        // A hotplug cell starts without the IGD, so a device without addr= would take its slot (the
        // first free one, 00:02.0 on i440fx) and device_add would find it taken: pin the others away.
        add(argv, "-device", "virtio-serial-pci,id=vser0" + (cell.hotplug() ? ",addr=" + HOTPLUG_SERIAL_SLOT : ""));
        add(argv, "-device", "virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0");
        add(argv, "-chardev", "file,id=serial0,path=" + opt(paths.serialLog()));
        add(argv, "-serial", "chardev:serial0");
        add(argv, "-chardev", "file,id=fwlog,path=" + opt(paths.firmwareLog()));
        add(argv, "-device", "isa-debugcon,iobase=0x402,chardev=fwlog");
        Installed image = host.installedGuestImage(cell.guest()).orElseThrow(() -> new IllegalArgumentException(
                "host " + host.name() + " has no installed guest-image for guest os '" + cell.guest()
                        + "' (cell " + cell.id() + "; installed: " + host.installed().keySet() + ")"));
        // TODO: boot from the per-cell overlay (paths.overlayImage()) once staging creates it.
        add(argv, "-drive", "file=" + opt(image.path()) + ",if=virtio,format=qcow2,readonly=on,snapshot=on"
                + (cell.hotplug() ? ",addr=" + HOTPLUG_DISK_SLOT : ""));
        switch (cell.axis("firmware")) {
            case "seabios" -> add(argv, "-bios", seabios(host, false, cell).path());
            case "seabios-old" -> add(argv, "-bios", seabios(host, true, cell).path());
            // the ovmf+igd-oprom-* variants boot the same OVMF; their option ROM is the IGD's romfile= (OptionRom)
            case "ovmf", "ovmf+igd-oprom-2018", "ovmf+igd-oprom-current" -> {
                add(argv, "-drive", "if=pflash,format=raw,readonly=on,file=" + opt(required(host, "ovmf-code", cell).path()));
                // The installed variable store with snapshot=on: the firmware's writes go to a throwaway
                // overlay, so each cell starts from pristine variables and the host's file is never written.
                add(argv, "-drive", "if=pflash,format=raw,file=" + opt(required(host, "ovmf-vars", cell).path())
                        + ",snapshot=on");
            }
            default -> throw new IllegalArgumentException("cell " + cell.id() + " firmware (" + cell.axis("firmware")
                    + ") has no command line");
        }
        for (String a : argv) {
            checkElement(a);
        }
        return List.copyOf(argv);
    }

    /**
     * The IGD's {@code -device} argument: {@link #igdDeviceProperties} as QEMU's option syntax,
     * {@code vfio-pci,host=…,id=igd,bus=…,addr=…[,option=value…]}, values with {@code ,} doubled.
     */
    public static String igdDevice(Cell cell, Host host) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : igdDeviceProperties(cell, host).entrySet()) {
            if (e.getKey().equals("driver")) {
                b.append(opt(e.getValue()));
            } else {
                b.append(',').append(e.getKey()).append('=').append(opt(e.getValue()));
            }
        }
        return b.toString();
    }

    /**
     * The IGD device as properties, in command-line order: {@code driver} (vfio-pci), {@code host},
     * {@code id}, {@code bus}, {@code addr}, then the cell's options at non-default values. The
     * {@code -device} argument and a hotplug cell's QMP {@code device_add} arguments are both made
     * from this, so a hot-added IGD has exactly the options it would have had on the command line.
     */
    public static Map<String, String> igdDeviceProperties(Cell cell, Host host) {
        if (cell.isControl()) {
            throw new IllegalArgumentException("control cell " + cell.id() + " assigns no IGD");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("driver", "vfio-pci");
        p.put("host", host.igd().bdf());
        p.put("id", "igd");
        p.put("bus", rootBus(cell.axis("machine")));
        p.put("addr", GuestAddress.of(cell).slotFunction());
        String opregion = cell.axis("x-igd-opregion");
        if (!opregion.equals("default")) {
            p.put("x-igd-opregion", opregion);
        }
        igdOptions(cell, host, p);
        for (String v : p.values()) {
            checkElement(v);
        }
        return Collections.unmodifiableMap(p);
    }

    /**
     * The device a control cell has where a lab cell assigns the IGD: QEMU's emulated VGA (PCI
     * 1234:1111) on the root bus at 00:02.0. The real-components tier boots its control cells with
     * this device too.
     */
    public static String controlVga(String machine) {
        return "VGA,id=vga,bus=" + rootBus(machine) + ",addr=02.0";
    }

    /** The root PCI bus of a machine type: i440fx's {@code pci.0}, q35's {@code pcie.0}. */
    static String rootBus(String machine) {
        return switch (machine) {
            case "pc" -> "pci.0";
            case "q35" -> "pcie.0";
            default -> throw new IllegalArgumentException("machine (" + machine + ") is not one of [pc, q35]");
        };
    }

    /**
     * The option axes added after the nightly suite, each left off the command line at its default:
     * {@code x-igd-legacy-mode} (auto), {@code x-igd-lpc}, {@code x-igd-gms}, {@code x-vga} (default),
     * then the ROM: {@code romfile=} the host's {@code efi-oprom} of the cell's {@link OptionRom}
     * variant (from {@code rom: romfile-efi} or a firmware {@code ovmf+igd-oprom-*}), and
     * {@code rombar=0} for {@code rom: none}.
     */
    static void igdOptions(Cell cell, Host host, Map<String, String> p) {
        String legacy = cell.axis("x-igd-legacy-mode");
        if (!legacy.equals("auto")) {
            p.put("x-igd-legacy-mode", legacy);
        }
        for (String option : new String[] {"x-igd-lpc", "x-igd-gms", "x-vga"}) {
            String v = cell.axis(option);
            if (!v.equals("default")) {
                p.put(option, v);
            }
        }
        switch (cell.axis("rom")) {
            case "rombar", "romfile-efi" -> { }
            case "none" -> p.put("rombar", "0");
            default -> throw new IllegalArgumentException("cell " + cell.id() + " rom (" + cell.axis("rom")
                    + ") has no command line");
        }
        romfile(cell, host).ifPresent(rom -> p.put("romfile", rom.path()));
    }

    /**
     * The option ROM file a cell gives the IGD: the host's first installed {@code efi-oprom} whose
     * catalogue {@code variant:} is the one {@link OptionRom#of} decides, or empty when it decides none.
     *
     * @throws IllegalArgumentException when the host has no installed efi-oprom of that variant
     */
    public static Optional<Installed> romfile(Cell cell, Host host) {
        OptionRom rom = OptionRom.of(cell);
        if (rom.variant().isEmpty()) {
            return Optional.empty();
        }
        String variant = rom.variant().get();
        for (Map.Entry<String, String> e : host.installed().entrySet()) {
            org.igdlab.runner.inventory.Artifact a = host.artifacts().byName(e.getKey()).orElseThrow();
            if (a.kind().equals("efi-oprom") && a.variant().filter(variant::equals).isPresent()) {
                return Optional.of(new Installed(a, e.getValue()));
            }
        }
        throw new IllegalArgumentException("host " + host.name() + " has no installed artifact of kind 'efi-oprom' with variant '"
                + variant + "' needed by cell " + cell.id() + " (firmware " + cell.axis("firmware") + ", rom " + cell.axis("rom")
                + "; installed: " + host.installed().keySet() + ")");
    }

    /**
     * The SeaBIOS a cell boots: for {@code seabios} the newest installed one of version 1.10 or later
     * (the first with IGD support, igd-model.md §3); for {@code seabios-old} the newest one before 1.10
     * (no IGD code: both fw_cfg files ignored).
     */
    public static Installed seabios(Host host, boolean old, Cell cell) {
        Installed best = null;
        for (String name : host.installed().keySet()) {
            org.igdlab.runner.inventory.Artifact a = host.artifacts().byName(name).orElseThrow();
            if (!a.kind().equals("seabios")) {
                continue;
            }
            int[] v = version(a.version());
            if (v == null || (compare(v, IGD_SEABIOS) < 0) != old) {
                continue;
            }
            if (best == null || compare(v, version(best.artifact().version())) > 0) {
                best = new Installed(a, host.installed().get(name));
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("host " + host.name() + " has no installed SeaBIOS " + (old ? "< 1.10" : ">= 1.10")
                    + " needed by cell " + cell.id() + " (firmware " + cell.axis("firmware") + "; installed: "
                    + host.installed().keySet() + ")");
        }
        return best;
    }

    /**
     * Whether a SeaBIOS build has IGD support (1.10 or later): firmware {@code seabios} boots one
     * that has, {@code seabios-old} one that has not. Empty for a version that is not numeric.
     */
    public static Optional<Boolean> seabiosWithIgdSetup(org.igdlab.runner.inventory.Artifact seabios) {
        int[] v = version(seabios.version());
        return v == null ? Optional.empty() : Optional.of(compare(v, IGD_SEABIOS) >= 0);
    }

    private static final int[] IGD_SEABIOS = {1, 10};

    /** {@code 1.17.0} as {1, 17, 0}; null when a part is not a number. */
    static int[] version(String v) {
        String[] parts = v.split("\\.");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].matches("[0-9]{1,9}")) {
                return null;
            }
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static Installed required(Host host, String kind, Cell cell) {
        return host.installedOfKind(kind).orElseThrow(() -> new IllegalArgumentException(
                "host " + host.name() + " has no installed artifact of kind '" + kind + "' needed by cell "
                        + cell.id() + " (installed: " + host.installed().keySet() + ")"));
    }

    private static void add(List<String> argv, String option, String value) {
        argv.add(option);
        argv.add(value);
    }

    /** A value for inside a QEMU option string: refused if it has a newline or NUL, commas doubled. */
    static String opt(String value) {
        checkElement(value);
        return value.replace(",", ",,");
    }

    private static void checkElement(String a) {
        if (a.indexOf('\n') >= 0 || a.indexOf('\r') >= 0 || a.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("QEMU argument (" + a.replace("\n", "\\n").replace("\r", "\\r")
                    .replace("\0", "\\0") + ") must not contain a newline or NUL");
        }
    }
}
