package org.igdlab.twin.qemu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A qemu-system-x86_64 argument vector split into options (`-name arg` or `-flag`), as QEMU's own
 * option table does it. Unknown options and missing arguments are QEMU errors.
 */
record QemuCommandLine(String binary, List<QemuOption> options) {
    private static final Set<String> WITH_ARGUMENT = Set.of(
            "machine", "M", "device", "bios", "drive", "vga", "display", "m", "smp", "cpu", "qmp", "qmp-pretty",
            "chardev", "serial", "name", "object", "mon", "monitor", "rtc", "global", "boot", "uuid", "netdev", "net",
            "nic", "msg", "set", "realtime", "mem-path", "accel", "L", "kernel", "initrd", "append", "k", "overcommit",
            "sandbox", "pidfile", "runas", "D", "d", "trace", "smbios", "fw_cfg", "numa", "parallel", "vnc", "spice",
            "audiodev", "incoming", "blockdev", "add-fd", "debugcon", "hda", "hdb", "cdrom", "fda", "usbdevice",
            "action", "watchdog-action", "iscsi", "compat", "semihosting-config", "run-with", "loadvm", "icount");
    private static final Set<String> FLAGS = Set.of(
            "nodefaults", "no-user-config", "S", "enable-kvm", "nographic", "no-shutdown", "no-reboot", "mem-prealloc",
            "daemonize", "no-hpet", "usb", "no-acpi", "snapshot", "full-screen", "s", "preconfig", "version", "help");
    private static final Map<String, String> ALIASES = Map.of("M", "machine", "monitor", "mon");

    public QemuCommandLine {
        options = List.copyOf(options);
    }

    public static QemuCommandLine parse(List<String> argv) throws QemuError {
        if (argv.isEmpty()) throw new QemuError("empty argument vector");
        List<QemuOption> options = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            String word = argv.get(i);
            if (!word.startsWith("-") || word.equals("-")) {
                options.add(new QemuOption("hda", word));
                continue;
            }
            String name = word.startsWith("--") ? word.substring(2) : word.substring(1);
            if (FLAGS.contains(name)) {
                options.add(new QemuOption(name, null));
            } else if (WITH_ARGUMENT.contains(name)) {
                if (i + 1 >= argv.size()) throw new QemuError(word + ": requires an argument");
                options.add(new QemuOption(ALIASES.getOrDefault(name, name), argv.get(++i)));
            } else {
                throw new QemuError(word + ": invalid option");
            }
        }
        return new QemuCommandLine(argv.get(0), options);
    }

    public List<QemuOption> all(String name) {
        return options.stream().filter(o -> o.name().equals(name)).toList();
    }

    public boolean flag(String name) {
        return options.stream().anyMatch(o -> o.name().equals(name));
    }

    /** QEMU uses the last occurrence of a single-valued option. */
    public java.util.Optional<QemuOption> last(String name) {
        List<QemuOption> all = all(name);
        return all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.get(all.size() - 1));
    }
}
