package org.igdlab.twin.qemu;

import java.util.Locale;
import org.igdlab.twin.igd.MachineFamily;

/** `-machine` and `-m`: the machine family and RAM size, and where RAM below 4 GiB ends. */
record Machine(MachineFamily family, String type, long ramBytes) {
    private static final long MIB = 1024 * 1024;

    static Machine from(QemuCommandLine cmd) throws QemuError {
        String type = "pc";
        if (cmd.last("machine").isPresent()) {
            QemuOpts opts = QemuOpts.parse(cmd.last("machine").get().argument(), "type");
            type = opts.get("type").orElse("pc");
        }
        MachineFamily family;
        if (type.equals("pc") || type.startsWith("pc-i440fx-")) {
            family = MachineFamily.PC_PIIX;
        } else if (type.equals("q35") || type.startsWith("pc-q35-")) {
            family = MachineFamily.Q35;
        } else {
            throw new QemuError("unsupported machine type: \"" + type + "\"\nUse -machine help to list supported machines");
        }
        long ram = 128 * MIB;
        if (cmd.last("m").isPresent()) {
            String arg = cmd.last("m").get().argument();
            QemuOpts opts = QemuOpts.parse(arg, "size");
            ram = size(opts.get("size").orElseThrow(() -> new QemuError("-m " + arg + ": missing 'size' option value")), arg);
        }
        return new Machine(family, type, ram);
    }

    private static long size(String text, String arg) throws QemuError {
        var m = java.util.regex.Pattern.compile("^(\\d+(?:\\.\\d+)?)([kKmMgGtT]?)[bB]?$").matcher(text);
        if (!m.matches()) throw new QemuError("-m " + arg + ": Parameter 'size' expects a non-negative number below 2^64");
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 1024L;
            case "G" -> 1024L * MIB;
            case "T" -> 1024L * 1024 * MIB;
            default -> MIB;
        };
        return (long) (n * unit);
    }

    /** pc_piix: 3 GiB below 4G once RAM reaches 0xE0000000 (gigabyte_align); q35: 2 GiB from 0xB0000000. */
    long lowRamTop() {
        if (family == MachineFamily.PC_PIIX) return ramBytes >= 0xE000_0000L ? 0xC000_0000L : ramBytes;
        return ramBytes >= 0xB000_0000L ? 0x8000_0000L : ramBytes;
    }
}
