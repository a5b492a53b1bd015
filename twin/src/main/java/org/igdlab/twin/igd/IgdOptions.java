package org.igdlab.twin.igd;

/** The vfio-pci properties the IGD code reads (igd-model.md §1), with QEMU 10.1 defaults. */
public record IgdOptions(OnOffAuto legacyMode, boolean opregion, boolean lpc, long gms, boolean romfile,
                         boolean xVga, boolean hotplugged) {
    public IgdOptions {
        if (legacyMode == null) throw new IllegalArgumentException("legacyMode is required");
        if (gms < 0 || gms > 0xffffffffL) throw new IllegalArgumentException("x-igd-gms (" + gms + ") must be a uint32");
    }

    public static IgdOptions defaults() {
        return new IgdOptions(OnOffAuto.AUTO, true, false, 0, false, false, false);
    }
}
