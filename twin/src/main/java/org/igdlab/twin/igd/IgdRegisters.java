package org.igdlab.twin.igd;

/** Config-space offsets of the IGD registers the model cares about (igd-model.md §0). */
public final class IgdRegisters {
    public static final int VENDOR = 0x00;
    public static final int DEVICE = 0x02;
    public static final int REVISION = 0x08;
    public static final int CLASS = 0x09;
    public static final int GGC = 0x50;
    public static final int BDSM = 0x5C;
    public static final int BDSM64 = 0xC0;
    public static final int ASLS = 0xFC;

    private IgdRegisters() { }
}
