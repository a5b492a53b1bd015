package org.igdlab.runner.inventory;

/** Whether the host kernel exposes an IGD ROM (igd-model.md §5.1: the shadowed boot-VGA ROM). */
public enum RomSource {
    /** The IGD was the boot VGA: the kernel exposes a 128 KiB shadow ROM. */
    SHADOW,
    /** UEFI boot, no VBIOS: legacy mode needs a romfile. */
    NONE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
