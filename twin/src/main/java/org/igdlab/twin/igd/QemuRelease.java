package org.igdlab.twin.igd;

/** A QEMU release number ("9.2.4", "10.0.3"): which IGD behaviour band it belongs to (igd-model.md, bands table). */
public record QemuRelease(int major, int minor, int micro) implements Comparable<QemuRelease> {
    public QemuRelease {
        if (major < 0 || minor < 0 || micro < 0) throw new IllegalArgumentException("QEMU release (" + major + "." + minor + "." + micro + ") must not be negative");
    }

    /** Parses "X.Y[.Z]" with an optional suffix after a '-' or '+' ("9.2.4-igdlab"). */
    public static QemuRelease parse(String version) {
        String core = version.split("[-+~]", 2)[0];
        String[] p = core.split("\\.");
        try {
            return new QemuRelease(Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 0, p.length > 2 ? Integer.parseInt(p[2]) : 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a QEMU release: '" + version + "'", e);
        }
    }

    public boolean atLeast(int major, int minor) {
        return compareTo(new QemuRelease(major, minor, 0)) >= 0;
    }

    public boolean isSeries(int major, int minor) {
        return this.major == major && this.minor == minor;
    }

    @Override
    public int compareTo(QemuRelease o) {
        if (major != o.major) return Integer.compare(major, o.major);
        if (minor != o.minor) return Integer.compare(minor, o.minor);
        return Integer.compare(micro, o.micro);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
