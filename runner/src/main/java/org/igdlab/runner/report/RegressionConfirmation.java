package org.igdlab.runner.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a possible regression (a cell that passed in the baseline and fails now) is confirmed:
 * only when the same cell also fails on a second host of its generation (issue 6 item 2). One
 * failing host alone may be that host's fault, so a cell that passes on the second host is not
 * confirmed; with no second host of the generation it cannot be confirmed and says so.
 *
 * <p>The decision is made here and nowhere else: {@link BaselineDiff} asks it with what one run
 * holds, {@code lab qualify} with the verdicts of a re-run of the cell on a second host.
 */
public final class RegressionConfirmation {

    /** How far a regression is confirmed. */
    public enum Confirmation {
        /** Failed on a second host of its generation too. */
        CONFIRMED,
        /** No second host of its generation exists: it cannot be confirmed. */
        SINGLE_HOST,
        /** A second host exists but gave no verdict for the cell (not run there, or broken there). */
        UNCONFIRMED,
        /** The cell passed on a second host of its generation: possibly a fault of the first host. */
        NOT_REPRODUCED;

        /** True only when a second host failed the cell too. */
        public boolean confirmed() {
            return this == CONFIRMED;
        }

        /** {@code single-host}, as diff.json and the bug log print it. */
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The decision and the sentence that explains it. */
    public record Decision(Confirmation confirmation, String note) {
        public Decision {
            Objects.requireNonNull(confirmation, "confirmation");
            Objects.requireNonNull(note, "note");
        }
    }

    private RegressionConfirmation() {
    }

    /**
     * @param host        the host where the cell regressed
     * @param generation  its generation
     * @param secondHosts the other hosts of that generation that could run the cell
     * @param elsewhere   the cell's verdict on each second host that ran it (passed, failed, known, broken)
     */
    public static Decision decide(String host, String generation, List<String> secondHosts, Map<String, String> elsewhere) {
        List<String> failedOn = on(elsewhere, secondHosts, "failed");
        if (!failedOn.isEmpty()) {
            return new Decision(Confirmation.CONFIRMED, "confirmed: also failed on " + String.join(", ", failedOn));
        }
        if (secondHosts.isEmpty()) {
            return new Decision(Confirmation.SINGLE_HOST, "unconfirmed: no second host of " + generation
                    + " (" + host + " is the only one)");
        }
        List<String> passedOn = on(elsewhere, secondHosts, "passed");
        if (!passedOn.isEmpty()) {
            return new Decision(Confirmation.NOT_REPRODUCED, "not confirmed: passed on " + String.join(", ", passedOn)
                    + ", possibly a fault of " + host);
        }
        List<String> other = secondHosts.stream().filter(elsewhere::containsKey)
                .map(h -> h + " (" + elsewhere.get(h) + ")").toList();
        return new Decision(Confirmation.UNCONFIRMED, other.isEmpty()
                ? "unconfirmed: not run on the other " + generation + " host(s) " + String.join(", ", secondHosts)
                : "unconfirmed: no verdict on " + String.join(", ", other));
    }

    private static List<String> on(Map<String, String> elsewhere, List<String> hosts, String verdict) {
        return hosts.stream().filter(h -> verdict.equals(elsewhere.get(h))).toList();
    }
}
