package org.igdlab.twin.host;

/**
 * Whether the host kernel's vfio-pci exposes the IGD-specific regions (OpRegion, host and LPC
 * bridge config) for a device (igd-model.md §5.1): since 4.6; for VGA class only until 6.14,
 * any display class from 6.15; never when ASLS is 0 or all ones (-ENODEV).
 */
final class KernelIgdRegions {
    private KernelIgdRegions() { }

    static boolean exposed(String kernelRelease, int classCode, long asls) {
        if (asls == 0 || asls == 0xffffffffL) return false;
        int[] v = version(kernelRelease);
        if (compare(v, 4, 6) < 0) return false;
        boolean vga = (classCode >> 8) == 0x0300;
        boolean display = (classCode >> 16) == 0x03;
        return vga || (display && compare(v, 6, 15) >= 0);
    }

    private static int[] version(String release) {
        String[] parts = release.split("[.-]");
        int[] v = new int[2];
        for (int i = 0; i < 2 && i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                v[i] = 0;
            }
        }
        return v;
    }

    private static int compare(int[] v, int major, int minor) {
        return v[0] != major ? Integer.compare(v[0], major) : Integer.compare(v[1], minor);
    }
}
