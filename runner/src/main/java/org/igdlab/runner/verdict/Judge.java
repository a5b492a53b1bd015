package org.igdlab.runner.verdict;

import org.igdlab.runner.inventory.Host;
import org.igdlab.runner.inventory.HostRegisters;
import org.igdlab.runner.scenario.Expectation;
import org.igdlab.runner.scenario.QemuOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Compares what a cell showed with what it should show. QEMU's outcome first (started or refused,
 * with the stderr tail when it differs), then the stderr lines that must appear, then the guest
 * registers — each judged by {@link RegisterCheck}.
 */
public final class Judge {
    private static final int TAIL_LINES = 15;

    private Judge() {
    }

    public static Verdict judge(Expectation exp, Observation obs, Host host) {
        List<Mismatch> mismatches = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        boolean shouldStart = exp.qemu() instanceof QemuOutcome.Starts;
        String cite = exp.sourceOf("qemu");
        if (shouldStart && !obs.qemuStarted()) {
            mismatches.add(new Mismatch("QEMU", "starts", "refused",
                    "expected QEMU to start the VM; it exited. stderr tail: " + tail(obs.qemuStderr()) + " (" + cite + ")"));
        } else if (!shouldStart && obs.qemuStarted()) {
            mismatches.add(new Mismatch("QEMU", "refuses", "started",
                    "expected QEMU to refuse the VM; it started. stderr tail: " + tail(obs.qemuStderr()) + " (" + cite + ")"));
        } else if (exp.qemu() instanceof QemuOutcome.Refuses r) {
            if (Pattern.compile(r.messagePattern()).matcher(obs.qemuStderr()).find()) {
                checks.add("QEMU refused with /" + r.messagePattern() + "/");
            } else {
                mismatches.add(new Mismatch("QEMU refusal message", "/" + r.messagePattern() + "/", tail(obs.qemuStderr()),
                        "expected QEMU to refuse with a message matching /" + r.messagePattern()
                                + "/; stderr tail: " + tail(obs.qemuStderr()) + " (" + cite + ")"));
            }
        } else {
            checks.add("QEMU started");
        }
        for (String p : exp.stderrPatterns()) {
            if (Pattern.compile(p).matcher(obs.qemuStderr()).find()) {
                checks.add("stderr contains /" + p + "/");
            } else {
                mismatches.add(new Mismatch("QEMU stderr", "/" + p + "/", "absent",
                        "expected QEMU's stderr to contain /" + p + "/; stderr tail: " + tail(obs.qemuStderr())
                                + " (" + exp.sourceOf("stderr") + ")"));
            }
        }
        if (shouldStart && obs.qemuStarted()) {
            judgeRegisters(exp, obs, host.igd().registers(), mismatches, checks);
        }
        return mismatches.isEmpty() ? new Verdict.Passed(checks) : new Verdict.Failed(mismatches, checks);
    }

    private static void judgeRegisters(Expectation exp, Observation obs, HostRegisters hostRegs,
                                       List<Mismatch> mismatches, List<String> checks) {
        IgdRegisters guest = obs.guest().orElse(new IgdRegisters(OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty()));
        RegisterCheck.ASLS.judge(exp.asls(), guest.asls(), OptionalLong.of(hostRegs.asls()), exp.sourceOf("asls"), checks)
                .ifPresent(mismatches::add);
        RegisterCheck.BDSM.judge(exp.bdsm(), guest.bdsm(), OptionalLong.of(hostRegs.bdsm()), exp.sourceOf("bdsm"), checks)
                .ifPresent(mismatches::add);
        RegisterCheck.BDSM64.judge(exp.bdsm64(), guest.bdsm64(), hostRegs.bdsm64(), exp.sourceOf("bdsm64"), checks)
                .ifPresent(mismatches::add);
        RegisterCheck.GGC.judge(exp.ggc(), exp.ggcValue(), guest.ggc(), OptionalLong.of(hostRegs.ggc()), exp.sourceOf("ggc"), checks)
                .ifPresent(mismatches::add);
    }

    /** The last lines of stderr, joined with " | ", or "(empty)". */
    static String tail(String stderr) {
        String[] lines = stderr.strip().split("\\R");
        if (stderr.isBlank()) {
            return "(empty)";
        }
        int from = Math.max(0, lines.length - TAIL_LINES);
        String t = String.join(" | ", java.util.Arrays.asList(lines).subList(from, lines.length));
        return t.length() > 2000 ? "…" + t.substring(t.length() - 2000) : t;
    }
}
