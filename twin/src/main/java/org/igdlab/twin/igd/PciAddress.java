package org.igdlab.twin.igd;

/** A PCI function address in a guest or on a host: bus, device (slot) and function. */
public record PciAddress(int bus, int device, int function) {
    public PciAddress {
        if (bus < 0 || bus > 0xff) throw new IllegalArgumentException("bus (" + bus + ") must be 0..0xff");
        if (device < 0 || device > 0x1f) throw new IllegalArgumentException("device (" + device + ") must be 0..0x1f");
        if (function < 0 || function > 7) throw new IllegalArgumentException("function (" + function + ") must be 0..7");
    }

    public static final PciAddress IGD = new PciAddress(0, 2, 0);

    /** Parses "0000:00:02.0" or "00:02.0" (domain must be 0). */
    public static PciAddress parseBdf(String text) {
        var m = java.util.regex.Pattern.compile("^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])$").matcher(text);
        if (!m.matches() || (m.group(1) != null && Integer.parseInt(m.group(1), 16) != 0)) {
            throw new IllegalArgumentException("not a PCI address: '" + text + "'");
        }
        return new PciAddress(Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3), 16), Integer.parseInt(m.group(4)));
    }

    /** "00:02.0", as lspci prints it. */
    public String shortForm() {
        return String.format("%02x:%02x.%x", bus, device, function);
    }

    /** "0000:00:02.0", as sysfs and QEMU print it. */
    public String fullForm() {
        return "0000:" + shortForm();
    }

    @Override
    public String toString() {
        return fullForm();
    }
}
