package org.igdlab.twin.guest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.igdlab.twin.igd.ConfigSpace;
import org.igdlab.twin.igd.PciConfigAccess;

/** pciutils' lspci, for the options the lab uses: `[-n] [-x|-xxx|-xxxx] [-s [[dom:]bus:]dev[.fn]]`. */
final class Lspci {
    private static final Pattern SELECTOR = Pattern.compile("^(?:[0-9a-fA-F]{1,4}:)?(?:([0-9a-fA-F]{1,2}):)?([0-9a-fA-F]{1,2})(?:\\.([0-7]))?$");
    private static final Map<Integer, String> CLASSES = Map.of(
            0x0300, "VGA compatible controller", 0x0380, "Display controller", 0x0600, "Host bridge",
            0x0601, "ISA bridge", 0x0100, "SCSI storage controller", 0x0780, "Communication controller",
            0x0200, "Ethernet controller");
    private static final Map<Integer, String> VENDORS = Map.of(0x8086, "Intel Corporation", 0x1af4, "Red Hat, Inc.");

    private final List<PciConfigAccess> devices;

    Lspci(List<PciConfigAccess> devices) {
        this.devices = devices;
    }

    ExecResult run(List<String> args) {
        int dumpBytes = 0;
        Optional<Matcher> selector = Optional.empty();
        boolean numeric = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-n")) {
                numeric = true;
            } else if (a.matches("-x{1,4}")) {
                dumpBytes = switch (a.length() - 1) {
                    case 1, 2 -> 64;
                    case 3 -> 256;
                    default -> ConfigSpace.SIZE;
                };
            } else if (a.equals("-s") && i + 1 < args.size()) {
                Matcher m = SELECTOR.matcher(args.get(++i));
                if (!m.matches()) return new ExecResult(1, "", "lspci: -s: Invalid slot number\n");
                selector = Optional.of(m);
            } else {
                return new ExecResult(2, "", "lspci: invalid option -- '" + a.replaceFirst("^-+", "") + "'\n");
            }
        }
        StringBuilder out = new StringBuilder();
        for (PciConfigAccess dev : devices.stream().sorted(java.util.Comparator.comparing(d -> d.address().shortForm())).toList()) {
            if (selector.isPresent() && !selects(selector.get(), dev)) continue;
            out.append(numeric ? numericHeader(dev) : header(dev)).append('\n');
            if (dumpBytes > 0) {
                byte[] bytes = dev.snapshot();
                for (int row = 0; row < dumpBytes; row += 16) {
                    out.append(Integer.toHexString(row).length() < 2 ? "0" + Integer.toHexString(row) : Integer.toHexString(row)).append(':');
                    for (int b = 0; b < 16; b++) out.append(String.format(" %02x", bytes[row + b] & 0xff));
                    out.append('\n');
                }
                out.append('\n');
            }
        }
        return new ExecResult(0, out.toString(), "");
    }

    private static boolean selects(Matcher m, PciConfigAccess dev) {
        if (m.group(1) != null && Integer.parseInt(m.group(1), 16) != dev.address().bus()) return false;
        if (Integer.parseInt(m.group(2), 16) != dev.address().device()) return false;
        return m.group(3) == null || Integer.parseInt(m.group(3)) == dev.address().function();
    }

    /** {@code lspci -n}: {@code 00:1f.0 0601: 8086:a305 (rev 10)}. */
    static String numericHeader(PciConfigAccess dev) {
        int rev = (int) dev.read(0x08, 1);
        return String.format("%s %04x: %04x:%04x", dev.address().shortForm(), dev.classCode() >> 8, dev.vendorId(),
                (int) dev.read(0x02, 2)) + (rev != 0 ? String.format(" (rev %02x)", rev) : "");
    }

    static String header(PciConfigAccess dev) {
        int cls = dev.classCode() >> 8;
        int vendor = dev.vendorId();
        int device = (int) dev.read(0x02, 2);
        int rev = (int) dev.read(0x08, 1);
        String className = CLASSES.getOrDefault(cls, String.format("Class %04x", cls));
        String vendorName = VENDORS.get(vendor);
        String name = vendorName == null ? String.format("Device %04x:%04x", vendor, device) : vendorName + String.format(" Device %04x", device);
        return dev.address().shortForm() + " " + className + ": " + name + (rev != 0 ? String.format(" (rev %02x)", rev) : "");
    }
}
