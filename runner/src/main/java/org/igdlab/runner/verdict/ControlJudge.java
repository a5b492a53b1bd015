package org.igdlab.runner.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Judges a control cell: the guest booted with QEMU's emulated VGA at 00:02.0 instead of the IGD.
 * Its expectation is built in, not read from expectations.yaml: QEMU starts, the guest answers, and
 * the guest's lspci shows at 00:02.0 a readable config header with the emulated VGA's identity
 * (vendor 1234, device 1111, class 0300: QEMU's "VGA" device model). Nothing IGD-specific is judged:
 * a control cell tests the host and the guest image, so the run reports its failure as a lab fault.
 */
public final class ControlJudge {

    /** PCI vendor of QEMU's emulated devices (the Bochs/QEMU stdvga). */
    public static final int VENDOR = 0x1234;
    public static final int DEVICE = 0x1111;
    /** Base class 03 (display), subclass 00 (VGA compatible). */
    public static final int CLASS = 0x0300;

    /** The built-in expectation in words, as {@code lab plan} prints it. */
    public static final String EXPECTATION =
            "QEMU starts, the guest answers, 00:02.0 is the emulated VGA 1234:1111 (class 0300) with a readable config header";

    private static final int HEADER = 0x40;

    private ControlJudge() {
    }

    /**
     * @param device the guest's config space of 00:02.0 (empty when QEMU did not start, or the guest
     *               showed no function there)
     */
    public static Verdict judge(boolean qemuStarted, String qemuStderr, Optional<ConfigSpace> device) {
        List<Mismatch> mismatches = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        if (!qemuStarted) {
            mismatches.add(new Mismatch("QEMU", "starts", "exited",
                    "expected QEMU to start the control VM; it exited. stderr tail: " + Judge.tail(qemuStderr)));
            return new Verdict.Failed(mismatches, checks);
        }
        checks.add("QEMU started and the guest answered");
        if (device.isEmpty()) {
            mismatches.add(new Mismatch("00:02.0", "the emulated VGA", "no device",
                    "expected the guest to show the emulated VGA at 00:02.0; it shows no device there"));
            return new Verdict.Failed(mismatches, checks);
        }
        ConfigSpace config = device.get();
        List<Integer> missing = config.missingOffsets(0, HEADER);
        if (!missing.isEmpty()) {
            mismatches.add(new Mismatch("00:02.0 config header", "64 bytes readable", missing.size() + " bytes missing",
                    "expected the guest's lspci to show the config header of 00:02.0 (0x00-0x3f); "
                            + missing.size() + " bytes missing, the first at 0x" + Integer.toHexString(missing.get(0))));
        } else {
            checks.add("00:02.0 config header (0x00-0x3f) readable in the guest");
        }
        identity("vendor", config.word(0x00), VENDOR, mismatches, checks);
        identity("device", config.word(0x02), DEVICE, mismatches, checks);
        OptionalLong classCode = config.dword(0x08);
        identity("class", classCode.isPresent() ? OptionalLong.of(classCode.getAsLong() >>> 16) : classCode, CLASS,
                mismatches, checks);
        return mismatches.isEmpty() ? new Verdict.Passed(checks) : new Verdict.Failed(mismatches, checks);
    }

    private static void identity(String field, OptionalLong observed, int expected, List<Mismatch> mismatches,
                                 List<String> checks) {
        String want = String.format("0x%04x", expected);
        if (observed.isPresent() && observed.getAsLong() == expected) {
            checks.add("00:02.0 " + field + " " + want);
            return;
        }
        String seen = observed.isPresent() ? String.format("0x%04x", observed.getAsLong()) : "missing";
        mismatches.add(new Mismatch("00:02.0 " + field, want, seen, "expected the emulated VGA's " + field + " " + want
                + " at 00:02.0; observed " + seen));
    }
}
