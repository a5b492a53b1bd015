package org.igdlab.twin.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.igdlab.twin.igd.GuestMemory;

/**
 * What a Linux guest shows of its firmware under /sys/firmware: {@code memmap/N/{start,end,type}}
 * (the firmware memory map, drivers/firmware/memmap.c: start and end as {@code 0x%llx}, end
 * inclusive) and {@code qemu_fw_cfg/by_name/etc/NAME/raw} (the fw_cfg files, QEMU's standard ones
 * and the IGD files QEMU's model created). Read with ls, cat and od, as a guest would.
 */
final class FirmwareFiles {
    static final String ROOT = "/sys/firmware/";
    private static final String MEMMAP = ROOT + "memmap";
    private static final String FW_CFG = ROOT + "qemu_fw_cfg/by_name/";
    /** fw_cfg files every QEMU 10 pc/q35 VM has beside the IGD's (contents not modelled: empty). */
    private static final List<String> STANDARD = List.of("etc/acpi/rsdp", "etc/acpi/tables", "etc/boot-fail-wait", "etc/e820",
            "etc/smbios/smbios-anchor", "etc/smbios/smbios-tables", "etc/table-loader", "bootorder");

    private final GuestMemory memory;
    private final Map<String, byte[]> fwCfg;

    FirmwareFiles(GuestMemory memory, Map<String, byte[]> fwCfg) {
        this.memory = memory;
        this.fwCfg = Map.copyOf(fwCfg);
    }

    ExecResult ls(String path) {
        String dir = path.replaceAll("/+$", "");
        TreeSet<String> names = new TreeSet<>();
        if (dir.equals(MEMMAP) && memory != null) {
            for (int i = 0; i < memory.map().size(); i++) names.add(Integer.toString(i));
        } else if (dir.startsWith(FW_CFG) || dir.equals(FW_CFG.substring(0, FW_CFG.length() - 1))) {
            String prefix = dir.length() < FW_CFG.length() ? "" : dir.substring(FW_CFG.length()) + "/";
            for (String file : allFwCfg()) {
                if (file.startsWith(prefix)) names.add(file.substring(prefix.length()).split("/", 2)[0]);
            }
        }
        if (names.isEmpty()) return missing("ls: cannot access '" + path + "'");
        StringBuilder out = new StringBuilder();
        names.forEach(n -> out.append(n).append('\n'));
        return new ExecResult(0, out.toString(), "");
    }

    ExecResult cat(List<String> paths) {
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            Optional<String> text = memmapFile(path);
            if (text.isEmpty()) return new ExecResult(1, out.toString(), "cat: " + path + ": No such file or directory\n");
            out.append(text.get());
        }
        return new ExecResult(0, out.toString(), "");
    }

    /** coreutils od for {@code -A n -t x1 [-v] [-N COUNT] FILE...}: the bytes of the files, 16 a line, " %02x" each. */
    ExecResult od(List<String> args) {
        long limit = Long.MAX_VALUE;
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-A" -> {
                    if (++i >= args.size() || !args.get(i).equals("n")) return usage("od: this guest's od is probed with -A n only");
                }
                case "-t" -> {
                    if (++i >= args.size() || !args.get(i).equals("x1")) return usage("od: this guest's od is probed with -t x1 only");
                }
                case "-v" -> { }
                case "-N" -> {
                    if (++i >= args.size() || !args.get(i).matches("\\d{1,9}")) return usage("od: invalid -N argument");
                    limit = Long.parseLong(args.get(i));
                }
                default -> {
                    if (a.startsWith("-")) return usage("od: invalid option -- '" + a.substring(1) + "'");
                    paths.add(a);
                }
            }
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String path : paths) {
            byte[] content = rawFile(path);
            if (content == null) return new ExecResult(1, "", "od: " + path + ": No such file or directory\n");
            bytes.writeBytes(content);
        }
        byte[] all = bytes.toByteArray();
        int n = (int) Math.min(all.length, limit);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(String.format(" %02x", all[i] & 0xff));
            if (i % 16 == 15 || i == n - 1) out.append('\n');
        }
        return new ExecResult(0, out.toString(), "");
    }

    private List<String> allFwCfg() {
        List<String> all = new ArrayList<>(STANDARD);
        all.addAll(fwCfg.keySet());
        return all;
    }

    private byte[] rawFile(String path) {
        if (!path.startsWith(FW_CFG) || !path.endsWith("/raw")) return null;
        String name = path.substring(FW_CFG.length(), path.length() - "/raw".length());
        if (fwCfg.containsKey(name)) return fwCfg.get(name);
        return STANDARD.contains(name) ? new byte[0] : null;
    }

    private Optional<String> memmapFile(String path) {
        if (memory == null) return Optional.empty();
        var m = java.util.regex.Pattern.compile("^" + MEMMAP + "/(\\d{1,4})/(start|end|type)$").matcher(path);
        if (!m.matches()) return Optional.empty();
        List<GuestMemory.Range> map = memory.map();
        int index = Integer.parseInt(m.group(1));
        if (index >= map.size()) return Optional.empty();
        GuestMemory.Range r = map.get(index);
        return Optional.of(switch (m.group(2)) {
            case "start" -> "0x" + Long.toHexString(r.start()) + "\n";
            case "end" -> "0x" + Long.toHexString(r.end()) + "\n";
            default -> r.type().sysfs() + "\n";
        });
    }

    private static ExecResult missing(String what) {
        return new ExecResult(2, "", what + ": No such file or directory\n");
    }

    private static ExecResult usage(String message) {
        return new ExecResult(1, "", message + "\n");
    }
}
