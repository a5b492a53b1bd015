package org.igdlab.twin.display;

/**
 * How one assigned IGD is wired for pre-OS output, as QEMU realized it (igd-model.md §1, §1.1, §2.7):
 *
 * @param primaryVgaAt02 the IGD sits at 00:02.0 on the root bus and no emulated VGA competes with it
 * @param vbiosRom       the guest's ROM BAR holds the host's shadowed VBIOS (no {@code romfile=}, {@code rombar} not 0)
 * @param vgaRanges      the legacy VGA ranges reach the IGD ({@code x-vga=on}, or legacy mode, which implies it)
 * @param lpcIds         the host's LPC bridge IDs are copied to 00:1f.0 ({@code x-igd-lpc=on} or legacy mode)
 */
public record DisplayWiring(boolean primaryVgaAt02, boolean vbiosRom, boolean vgaRanges, boolean lpcIds) {
}
