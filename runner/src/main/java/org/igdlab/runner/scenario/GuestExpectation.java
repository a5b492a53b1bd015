package org.igdlab.runner.scenario;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the guest's own drivers should react to the IGD they are given (igd-model.md §5.3, §5.4).
 * Optional: a cell no rule gives one is not judged on it.
 *
 * @param log     Linux: the kernel log ({@code guest-log:}), or {@link Log#UNCHECKED}
 * @param windows Windows: the IGD display adapter's status ({@code windows:})
 * @param logSource     the citation of the rule that set {@code log}
 * @param windowsSource the citation of the rule that set {@code windows}
 */
public record GuestExpectation(Log log, WindowsStatus windows, String logSource, String windowsSource) {

    public GuestExpectation {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(logSource, "logSource");
        Objects.requireNonNull(windowsSource, "windowsSource");
    }

    /** Nothing checked. */
    public static GuestExpectation unchecked() {
        return new GuestExpectation(Log.UNCHECKED, WindowsStatus.UNCHECKED, "no rule sets guest-log", "no rule sets windows");
    }

    /**
     * The Linux guest's kernel log: {@code present} regexes must each be found in some line,
     * {@code absent} ones in none. {@code opregionFollowsAsls}: i915's OpRegion lines must be
     * those the 0xFC the guest read implies (0 → "ACPI OpRegion not supported!", the host's
     * address → "opregion signature mismatch", both with "[drm] Failed to find VBIOS tables (VBT)";
     * a firmware address → neither, and "graphic opregion physical addr: 0x…" with that address).
     * {@code stolenFollowsBdsm}: the early quirk's "Reserving Intel graphics memory at [mem B-E]"
     * must be there with exactly the range the guest's BDSM and GMS give, or absent when either is 0.
     */
    public record Log(List<String> present, List<String> absent, boolean opregionFollowsAsls, boolean stolenFollowsBdsm) {
        public static final Log UNCHECKED = new Log(List.of(), List.of(), false, false);

        public Log {
            present = List.copyOf(present);
            absent = List.copyOf(absent);
            present.forEach(Pattern::compile);
            absent.forEach(Pattern::compile);
        }

        public boolean checked() {
            return !present.isEmpty() || !absent.isEmpty() || opregionFollowsAsls || stolenFollowsBdsm;
        }
    }

    /**
     * A Windows guest's IGD display adapter: {@code ok} (working, and on a host with a monitor an
     * active monitor), {@code code43} (stopped with problem code 43), or not judged.
     */
    public enum WindowsStatus {
        OK, CODE43, UNCHECKED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
