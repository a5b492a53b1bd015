package org.igdlab.runner.repro;

import java.util.OptionalLong;

import org.igdlab.runner.inspect.InspectedDevice;

/** Hex spellings shared by the repro summary and sidecar, the same as {@code lab inspect} prints them. */
final class InspectReportHex {
    private InspectReportHex() {
    }

    static String hex(OptionalLong v, int digits) {
        return v.isPresent() ? String.format("0x%0" + digits + "x", v.getAsLong()) : "missing";
    }

    static String id(InspectedDevice d) {
        return (d.vendorId().isPresent() ? String.format("%04x", d.vendorId().getAsInt()) : "????") + ":"
                + (d.deviceId().isPresent() ? String.format("%04x", d.deviceId().getAsInt()) : "????");
    }
}
