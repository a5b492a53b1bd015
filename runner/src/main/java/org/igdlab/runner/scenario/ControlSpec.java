package org.igdlab.runner.scenario;

import java.util.List;

/**
 * One control configuration of a suite ({@code control:} in the suite file): every host in the
 * plan first boots the suite's guest on this machine and firmware with QEMU's emulated VGA at
 * 00:02.0 instead of the IGD, to tell a broken host or guest image from an IGD regression.
 */
public record ControlSpec(String machine, String firmware) {
    public ControlSpec {
        check(Axes.MACHINE, machine);
        check(Axes.FIRMWARE, firmware);
    }

    private static void check(String axis, String value) {
        List<String> allowed = Axes.KNOWN.get(axis);
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException("control " + axis + " (" + value + ") is not one of " + allowed);
        }
    }
}
