package org.igdlab.runner.qemu;

import org.igdlab.runner.scenario.Cell;

import java.util.regex.Pattern;

/** The IGD's PCI address inside the guest: {@code 00:02.0} (legacy) or {@code 00:05.0} (UPT). */
public record GuestAddress(String bdf) {
    private static final Pattern BDF = Pattern.compile("^00:([01][0-9a-f])\\.([0-7])$");

    public GuestAddress {
        if (bdf == null || !BDF.matcher(bdf).matches()) {
            throw new IllegalArgumentException("guest bdf (" + bdf + ") must be a bus-0 address like 00:02.0");
        }
    }

    public static GuestAddress of(Cell cell) {
        return new GuestAddress(cell.guestBdf());
    }

    /** The {@code addr=} value for {@code -device}: {@code 02.0}. */
    String slotFunction() {
        return bdf.substring(3);
    }
}
