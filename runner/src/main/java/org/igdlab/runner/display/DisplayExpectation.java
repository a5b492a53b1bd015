package org.igdlab.runner.display;

import java.util.Objects;

/**
 * What the IGD's port should show (scenarios/expectations.yaml {@code display: {pre-os, os}}):
 * the firmware's picture before the OS, and the guest's console once it runs — each shown, black,
 * or not judged — with the citation of the rule that said so and the needles that recognise them.
 */
public record DisplayExpectation(Output preOs, Output os, String preOsSource, String osSource, Needles needles) {

    public enum Output {
        SHOWN, BLACK, UNCHECKED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DisplayExpectation {
        Objects.requireNonNull(preOs, "preOs");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(preOsSource, "preOsSource");
        Objects.requireNonNull(osSource, "osSource");
        Objects.requireNonNull(needles, "needles");
    }

    /** No rule says anything about the display. */
    public static DisplayExpectation unchecked() {
        return new DisplayExpectation(Output.UNCHECKED, Output.UNCHECKED, "no rule", "no rule", Needles.none());
    }
}
