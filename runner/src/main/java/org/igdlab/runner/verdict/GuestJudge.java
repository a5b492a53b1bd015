package org.igdlab.runner.verdict;

import org.igdlab.runner.guest.KernelLog;
import org.igdlab.runner.guest.WindowsDisplay;
import org.igdlab.runner.inspect.Ggc;
import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.scenario.GuestExpectation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Judges the guest drivers' reactions (igd-model.md §5.3, §5.4): the Linux kernel log against
 * {@code guest-log:}, a Windows guest's IGD adapter against {@code windows:}. The lines that
 * follow the registers are computed here from what the guest read (0xFC, BDSM, GGC), the host's
 * ASLS and the generation's BDSM register and GMS encoding (§0) — the guest's driver reads the
 * same registers, so its lines must agree with them.
 */
public final class GuestJudge {
    static final String NOT_SUPPORTED = "ACPI OpRegion not supported!";
    static final String SIGNATURE_MISMATCH = "opregion signature mismatch";
    static final String NO_VBT = "[drm] Failed to find VBIOS tables (VBT)";
    static final String PHYSICAL_ADDR = "graphic opregion physical addr: 0x";
    static final String RESERVING = "Reserving Intel graphics memory at [mem ";

    /** What was judged, and what did not hold. */
    public record Findings(List<Mismatch> mismatches, List<String> checks) {
        public Findings {
            mismatches = List.copyOf(mismatches);
            checks = List.copyOf(checks);
        }
    }

    private GuestJudge() {
    }

    /**
     * The kernel log of a Linux guest. {@code registers}: the IGD's registers as the guest read them
     * (empty when not probed: the register-following checks are then skipped, and say so).
     */
    public static Findings judgeLog(GuestExpectation.Log exp, String cite, KernelLog log, Optional<IgdRegisters> registers,
                                    long hostAsls, Generation generation) {
        List<Mismatch> mismatches = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        for (String p : exp.present()) {
            present(log, Pattern.compile(p), "/" + p + "/", cite, mismatches, checks);
        }
        for (String p : exp.absent()) {
            absent(log, Pattern.compile(p), "/" + p + "/", cite, mismatches, checks);
        }
        if (exp.opregionFollowsAsls()) {
            OptionalLong asls = registers.flatMap(r -> r.asls().isPresent() ? Optional.of(r.asls()) : Optional.empty())
                    .orElse(OptionalLong.empty());
            if (asls.isEmpty()) {
                checks.add("guest log: i915 OpRegion lines not judged (0xFC was not read)");
            } else {
                opregion(log, asls.getAsLong(), hostAsls & 0xFFFFFFFFL, cite, mismatches, checks);
            }
        }
        if (exp.stolenFollowsBdsm()) {
            stolen(log, registers, generation, cite, mismatches, checks);
        }
        return new Findings(mismatches, checks);
    }

    /** i915's OpRegion setup reads 0xFC (§5.3): 0, the host's address, or an OpRegion the firmware placed. */
    private static void opregion(KernelLog log, long asls, long hostAsls, String cite, List<Mismatch> mismatches,
                                 List<String> checks) {
        String addr = Pattern.quote(PHYSICAL_ADDR + Long.toHexString(asls)) + "$";
        boolean debug = log.driverDebug();
        if (!debug) {
            checks.add("guest log: i915's [dbg] OpRegion lines not judged: the guest kernel runs without drm.debug bit 0x2 ("
                    + (log.drmDebug().isPresent() ? "drm.debug=0x" + Integer.toHexString(log.drmDebug().getAsInt())
                    : "no command line in the log") + ")");
        }
        String why = String.format("0xFC read 0x%08x", asls);
        if (asls == 0 || asls == hostAsls) {
            String line = asls == 0 ? NOT_SUPPORTED : SIGNATURE_MISMATCH;
            why += asls == 0 ? " (no OpRegion)" : " (the host's OpRegion address, nothing there in the guest)";
            if (debug) {
                present(log, Pattern.compile(addr), "i915 '" + PHYSICAL_ADDR + Long.toHexString(asls) + "' (" + why + ")", cite, mismatches, checks);
                present(log, Pattern.compile(Pattern.quote(line)), "i915 '" + line + "' (" + why + ")", cite, mismatches, checks);
            }
            present(log, Pattern.compile(Pattern.quote(NO_VBT)), "i915 '" + NO_VBT + "' (" + why + ")", cite, mismatches, checks);
        } else {
            why += " (an OpRegion the firmware placed)";
            if (debug) {
                present(log, Pattern.compile(addr), "i915 '" + PHYSICAL_ADDR + Long.toHexString(asls) + "' (" + why + ")", cite, mismatches, checks);
                absent(log, Pattern.compile(Pattern.quote(NOT_SUPPORTED)), "i915 '" + NOT_SUPPORTED + "' (" + why + ")", cite, mismatches, checks);
                absent(log, Pattern.compile(Pattern.quote(SIGNATURE_MISMATCH)), "i915 '" + SIGNATURE_MISMATCH + "' (" + why + ")", cite, mismatches, checks);
            }
            absent(log, Pattern.compile(Pattern.quote(NO_VBT)), "i915 '" + NO_VBT + "' (" + why + ")", cite, mismatches, checks);
        }
    }

    /**
     * The x86 early quirk (§5.3): with BDSM ≠ 0 and GMS ≠ 0, {@code Reserving Intel graphics memory at
     * [mem BASE-END]} with BASE the 1 MiB-aligned BDSM (0x5C, or the 0xC0 qword from gen 11) and
     * END = BASE + DSM size − 1; with either 0, no such line.
     */
    private static void stolen(KernelLog log, Optional<IgdRegisters> registers, Generation generation, String cite,
                               List<Mismatch> mismatches, List<String> checks) {
        if (generation.bdsmRegister() == Generation.BdsmRegister.NONE || generation.qemuGen() < 6) {
            checks.add("guest log: stolen-memory line not judged: " + generation.displayName()
                    + " has no config-space BDSM the early quirk reads");
            return;
        }
        boolean qword = generation.bdsmRegister() == Generation.BdsmRegister.QWORD_C0;
        OptionalLong bdsm = registers.map(r -> qword ? r.bdsm64() : r.bdsm()).orElse(OptionalLong.empty());
        OptionalLong ggc = registers.map(IgdRegisters::ggc).orElse(OptionalLong.empty());
        if (bdsm.isEmpty() || ggc.isEmpty()) {
            checks.add("guest log: stolen-memory line not judged (BDSM or GGC was not read)");
            return;
        }
        long base = bdsm.getAsLong() & ~0xFFFFFL & (qword ? -1L : 0xFFFFFFFFL);
        OptionalLong size = Ggc.decode((int) ggc.getAsLong(), generation.gmsEncoding()).dsmBytes();
        if (size.isEmpty()) {
            checks.add("guest log: stolen-memory line not judged: GGC 0x" + Long.toHexString(ggc.getAsLong())
                    + " gives no DSM size for " + generation.displayName());
            return;
        }
        String why = String.format("%s 0x%x, GGC 0x%04x", qword ? "0xC0" : "0x5C", bdsm.getAsLong(), ggc.getAsLong());
        if (base == 0 || size.getAsLong() == 0) {
            absent(log, Pattern.compile(Pattern.quote(RESERVING)), "'" + RESERVING + "…]' (" + why + ": nothing to reserve)",
                    cite, mismatches, checks);
        } else {
            String line = String.format("%s0x%08x-0x%08x]", RESERVING, base, base + size.getAsLong() - 1);
            present(log, Pattern.compile(Pattern.quote(line) + "$"), "'" + line + "' (" + why + ")", cite, mismatches, checks);
        }
    }

    /**
     * A Windows guest's IGD adapter (§5.4, F8): {@code ok} — the Intel adapter is listed with status
     * OK and problem code 0, and on a host with a monitor WMI lists an active monitor; {@code code43}
     * — it is listed with problem code 43.
     */
    public static Findings judgeWindows(GuestExpectation.WindowsStatus exp, String cite, WindowsDisplay shown,
                                        boolean monitorOnPort) {
        List<Mismatch> mismatches = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        if (exp == GuestExpectation.WindowsStatus.UNCHECKED) {
            return new Findings(mismatches, checks);
        }
        Optional<WindowsDisplay.Adapter> adapter = shown.intelAdapter();
        String expected = exp == GuestExpectation.WindowsStatus.OK ? "status OK, problem code 0" : "problem code 43";
        if (adapter.isEmpty()) {
            mismatches.add(new Mismatch("Windows display adapter", expected, "no Intel display adapter",
                    "expected the Windows guest's Intel display adapter with " + expected + "; Device Manager lists "
                            + shown.adapters().stream().map(a -> a.name() + " (" + a.pnpDeviceId() + ")").toList()
                            + " (" + cite + ")"));
            return new Findings(mismatches, checks);
        }
        WindowsDisplay.Adapter a = adapter.get();
        String observed = "status " + a.status() + ", problem code " + a.problemCode();
        boolean holds = exp == GuestExpectation.WindowsStatus.OK ? a.problemCode() == 0 && a.status().equals("OK")
                : a.problemCode() == 43;
        if (holds) {
            checks.add("Windows display adapter " + a.name() + ": " + observed);
        } else {
            mismatches.add(new Mismatch("Windows display adapter", expected, observed,
                    "expected Windows display adapter " + a.name() + ": " + (exp == GuestExpectation.WindowsStatus.OK
                            ? "working (status OK, problem code 0)" : "Code 43 (problem code 43)")
                            + "; observed " + observed + (a.problemCode() == 43 ? " (Code 43)" : "") + " (" + cite + ")"));
        }
        if (holds && exp == GuestExpectation.WindowsStatus.OK && monitorOnPort) {
            if (shown.activeMonitors().isEmpty()) {
                mismatches.add(new Mismatch("Windows monitors", "an active monitor", "none",
                        "expected Windows to list an active monitor on the IGD's port (the host has one attached); WMI lists "
                                + shown.monitors().size() + " monitor(s), none active (" + cite + ")"));
            } else {
                checks.add("Windows monitors: " + shown.activeMonitors().stream().map(WindowsDisplay.Monitor::name).toList());
            }
        }
        return new Findings(mismatches, checks);
    }

    private static void present(KernelLog log, Pattern p, String what, String cite, List<Mismatch> mismatches, List<String> checks) {
        String line = log.find(p);
        if (line != null) {
            checks.add("guest log has " + what);
        } else {
            mismatches.add(new Mismatch("guest kernel log", what, "absent",
                    "expected the guest kernel log to contain " + what + "; it has " + log.lines().size()
                            + " lines, none matching (" + cite + ")"));
        }
    }

    private static void absent(KernelLog log, Pattern p, String what, String cite, List<Mismatch> mismatches, List<String> checks) {
        String line = log.find(p);
        if (line == null) {
            checks.add("guest log lacks " + what);
        } else {
            mismatches.add(new Mismatch("guest kernel log", "no " + what, line.strip(),
                    "expected no " + what + " in the guest kernel log; found: " + line.strip() + " (" + cite + ")"));
        }
    }
}
