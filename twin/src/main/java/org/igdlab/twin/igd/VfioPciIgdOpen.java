package org.igdlab.twin.igd;

import java.util.Arrays;
import java.util.List;

/**
 * What the host kernel's vfio-pci does with the IGD when QEMU opens the device (igd-model.md §5.1,
 * §5.2, F4): whether it sets up the IGD regions, what the OpRegion region holds, and when the IGD
 * init error fails the open.
 * <ul>
 * <li>&lt; 4.6: no IGD regions.</li>
 * <li>The init runs for an Intel VGA-class device, and from 6.15 for any display class.</li>
 * <li>Host ASLS 0 or all ones is -ENODEV: before 5.10 it fails the open, from 5.10 it means no regions.</li>
 * <li>A bad signature or a size field of 0 is -EINVAL and fails the open in every version.</li>
 * <li>4.6–5.12: the region is the OpRegion block only; RVDA keeps the host's value.</li>
 * <li>5.13–5.15: 2.1+ with the extended VBT right after the block: block + VBT; 2.0 with an extended
 *     VBT, or a VBT elsewhere, fails the open.</li>
 * <li>≥ 5.16: block + VBT; the read patches version 2.0 → 2.1 (with an extended VBT) and RVDA to
 *     0x2000 relative (0 without one).</li>
 * </ul>
 * The host's OpRegion bytes are taken as the ≥ 5.16 presentation of its firmware's OpRegion.
 */
public final class VfioPciIgdOpen {
    private static final int SIZE_KIB = 0x10;
    private static final int VERSION = 0x16;
    private static final int RVDA = 0x3ba;
    private static final int RVDS = 0x3c2;

    /** The open's result: the device as QEMU sees it, or the failure with the kernel's log lines. */
    public sealed interface Result {
        record Opened(HostIgd device) implements Result { }

        record Failed(List<String> dmesg, String strerror) implements Result {
            public Failed {
                dmesg = List.copyOf(dmesg);
            }
        }
    }

    private VfioPciIgdOpen() { }

    public static Result open(String kernelRelease, HostIgd host) {
        int[] k = version(kernelRelease);
        if (before(k, 4, 6) || !host.intel()) return new Result.Opened(host.withOpRegion(null));
        boolean display = (host.classCode() >> 16) == 0x03;
        if (!(host.vgaClass() || (display && !before(k, 6, 15)))) return new Result.Opened(host.withOpRegion(null));
        long asls = host.hardware().read(IgdRegisters.ASLS, 4);
        byte[] raw = host.opRegion();
        if (asls == 0 || asls == 0xffffffffL || raw == null) {
            if (before(k, 5, 10)) return failed(host, List.of(), "No such device");
            return new Result.Opened(host.withOpRegion(null));
        }
        String signature = new String(raw, 0, Math.min(16, raw.length), java.nio.charset.StandardCharsets.US_ASCII);
        int sizeKib = raw.length > SIZE_KIB + 3 ? (int) le(raw, SIZE_KIB, 4) : 0;
        if (!signature.equals("IntelGraphicsMem") || sizeKib == 0) return failed(host, List.of(), "Invalid argument");
        int blockSize = sizeKib * 1024;
        int version = (int) le(raw, VERSION, 2);
        long rvds = raw.length > RVDS + 3 ? le(raw, RVDS, 4) : 0;
        boolean extendedVbt = version >= 0x0200 && rvds > 0 && raw.length >= blockSize + rvds;
        if (!extendedVbt) {
            byte[] region = Arrays.copyOf(raw, Math.min(raw.length, blockSize));
            if (!before(k, 5, 16) && version >= 0x0200) put(region, RVDA, 0, 8);
            return new Result.Opened(host.withOpRegion(region));
        }
        if (before(k, 5, 13)) {
            byte[] region = Arrays.copyOf(raw, blockSize);
            // The host firmware's own RVDA: an absolute address (2.0) right after the block, or relative (2.1+).
            if (version == 0x0200) put(region, RVDA, asls + blockSize, 8);
            return new Result.Opened(host.withOpRegion(region));
        }
        if (before(k, 5, 16)) {
            if (version == 0x0200) {
                return failed(host, List.of("IGD assignment does not support opregion v2.0 with an extended VBT region"), "Invalid argument");
            }
            if (le(raw, RVDA, 8) != blockSize) {
                return failed(host, List.of(String.format("Extended VBT does not follow opregion on version 0x%04x", version)), "Invalid argument");
            }
            return new Result.Opened(host.withOpRegion(raw.clone()));
        }
        byte[] region = raw.clone();
        if (version == 0x0200) put(region, VERSION, 0x0201, 2);
        put(region, RVDA, blockSize, 8);
        return new Result.Opened(host.withOpRegion(region));
    }

    private static Result failed(HostIgd host, List<String> errors, String strerror) {
        String dev = "vfio-pci " + host.hostAddress().fullForm() + ": ";
        List<String> dmesg = new java.util.ArrayList<>();
        errors.forEach(e -> dmesg.add(dev + e));
        dmesg.add(dev + "Failed to setup Intel IGD regions");
        return new Result.Failed(dmesg, strerror);
    }

    private static long le(byte[] b, int at, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xffL);
        return v;
    }

    private static void put(byte[] b, int at, long value, int width) {
        for (int i = 0; i < width; i++) b[at + i] = (byte) (value >>> (8 * i));
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

    private static boolean before(int[] v, int major, int minor) {
        return v[0] != major ? v[0] < major : v[1] < minor;
    }
}
