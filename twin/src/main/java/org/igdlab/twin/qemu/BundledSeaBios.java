package org.igdlab.twin.qemu;

import org.igdlab.twin.igd.QemuRelease;

/**
 * The SeaBIOS a QEMU release ships as its default `bios.bin` (igd-model.md §3): 2.7 → 1.9.3 (no
 * IGD support), 2.8 → 1.10.1, 2.9 → 1.10.2, 3.0 → 1.11.2, 4.0 → 1.12.1, 5.0 → 1.13.0, 6.0 →
 * 1.14.0, 7.0 → 1.16.0, 8.0 → 1.16.2, 9.0–10.0 → 1.16.3, 10.1+ → 1.17.0. A release the list does
 * not name ships what the nearest listed earlier release shipped.
 */
final class BundledSeaBios {
    private BundledSeaBios() { }

    static String forQemu(String qemuVersion) {
        QemuRelease r;
        try {
            r = QemuRelease.parse(qemuVersion);
        } catch (IllegalArgumentException e) {
            return "1.17.0";
        }
        if (r.atLeast(10, 1)) return "1.17.0";
        if (r.atLeast(9, 0)) return "1.16.3";
        if (r.atLeast(8, 0)) return "1.16.2";
        if (r.atLeast(7, 0)) return "1.16.0";
        if (r.atLeast(6, 0)) return "1.14.0";
        if (r.atLeast(5, 0)) return "1.13.0";
        if (r.atLeast(4, 0)) return "1.12.1";
        if (r.atLeast(3, 0)) return "1.11.2";
        if (r.atLeast(2, 9)) return "1.10.2";
        if (r.atLeast(2, 8)) return "1.10.1";
        return "1.9.3";
    }
}
