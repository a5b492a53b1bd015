package org.igdlab.runner.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.igdlab.runner.display.DisplayExpectation.Output;

/**
 * Judges what the IGD's port showed against the expectation. The check runs once the guest is up,
 * so one frame answers both questions:
 * <ul>
 * <li>OS output shown: a DRM connector is {@code connected} and the frame matches a needle tagged
 * {@code os} (the guest console). Pre-OS output cannot be seen any more: the console replaced it.</li>
 * <li>OS output black, pre-OS shown: no connector is connected and the frame still shows the
 * firmware's picture (a needle tagged {@code pre-os}): nothing in the guest took the port over.</li>
 * <li>Both black: no connector is connected and the frame is black.</li>
 * </ul>
 */
public final class DisplayJudge {
    static final String OS_TAG = "os";
    static final String PRE_OS_TAG = "pre-os";

    private DisplayJudge() {
    }

    /** What the frame is, as far as the needles and the black test can tell. */
    private enum Seen { CONSOLE, FIRMWARE, BLACK, UNRECOGNISED }

    public static DisplayVerdict judge(DisplayExpectation exp, DisplayObservation obs) {
        List<DisplayVerdict.Finding> mismatches = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        Optional<NeedleMatch> console = NeedleMatcher.best(exp.needles().tagged(OS_TAG), obs.frame());
        Optional<NeedleMatch> firmware = NeedleMatcher.best(exp.needles().tagged(PRE_OS_TAG), obs.frame());
        boolean black = BlackFrame.isBlack(obs.frame());
        Seen seen = console.filter(NeedleMatch::matched).isPresent() ? Seen.CONSOLE
                : firmware.filter(NeedleMatch::matched).isPresent() ? Seen.FIRMWARE
                : black ? Seen.BLACK : Seen.UNRECOGNISED;
        String seenText = switch (seen) {
            case CONSOLE -> "the guest console (needle " + console.get().describe() + ")";
            case FIRMWARE -> "the firmware's picture (needle " + firmware.get().describe() + ")";
            case BLACK -> "a black frame (" + BlackFrame.describe(obs.frame()) + ")";
            case UNRECOGNISED -> "a picture no needle recognises (" + BlackFrame.describe(obs.frame())
                    + closest(console, firmware) + ")";
        };

        // DRM connectors: only the guest OS reports them
        if (exp.os() == Output.SHOWN) {
            if (obs.anyConnected()) {
                checks.add("a DRM connector is connected: " + obs.connectorList());
            } else {
                mismatches.add(new DisplayVerdict.Finding("DRM connectors", "a connected connector", obs.connectorList(),
                        "expected the guest to report a connected DRM connector; it reports " + obs.connectorList()
                                + " (" + exp.osSource() + ")"));
            }
        } else if (exp.os() == Output.BLACK) {
            if (obs.anyConnected()) {
                mismatches.add(new DisplayVerdict.Finding("DRM connectors", "none connected", obs.connectorList(),
                        "expected no connected DRM connector in the guest (no OS output); it reports "
                                + obs.connectorList() + " (" + exp.osSource() + ")"));
            } else {
                checks.add("no DRM connector is connected: " + obs.connectorList());
            }
        }

        // the frame
        if (exp.os() == Output.SHOWN) {
            frame(mismatches, checks, seen == Seen.CONSOLE, "display: OS output", "the guest console", seenText,
                    exp.osSource(), exp.needles().tagged(OS_TAG).isEmpty() ? OS_TAG : null);
            checks.add("pre-OS output (" + exp.preOs().word() + ") not observable: the guest console has replaced it");
        } else if (exp.preOs() == Output.SHOWN && exp.os() != Output.UNCHECKED) {
            frame(mismatches, checks, seen == Seen.FIRMWARE, "display: pre-OS output",
                    "the firmware's picture, left on the port (OS output " + exp.os().word() + ")", seenText,
                    exp.preOsSource() + "; " + exp.osSource(), exp.needles().tagged(PRE_OS_TAG).isEmpty() ? PRE_OS_TAG : null);
        } else if (exp.preOs() == Output.BLACK && exp.os() == Output.BLACK) {
            String subject = seen == Seen.CONSOLE ? "display: OS output" : seen == Seen.FIRMWARE ? "display: pre-OS output"
                    : "display";
            frame(mismatches, checks, seen == Seen.BLACK, subject, "a black frame (no pre-OS and no OS output)", seenText,
                    exp.preOsSource() + "; " + exp.osSource(), null);
        } else {
            checks.add("frame not judged (pre-OS " + exp.preOs().word() + ", OS " + exp.os().word() + "): " + seenText);
        }
        return new DisplayVerdict(mismatches, checks, seenText);
    }

    private static void frame(List<DisplayVerdict.Finding> mismatches, List<String> checks, boolean held, String subject,
                              String expected, String seenText, String cite, String missingTag) {
        if (missingTag != null) {
            mismatches.add(new DisplayVerdict.Finding(subject, expected, "no needle",
                    "expected " + expected + ", but no needle is tagged '" + missingTag
                            + "' (scenarios/needles/), so it cannot be recognised; the frame shows " + seenText));
        } else if (held) {
            checks.add(subject + ": " + seenText);
        } else {
            mismatches.add(new DisplayVerdict.Finding(subject, expected, seenText,
                    "expected " + expected + " on the IGD's port; the frame shows " + seenText + " (" + cite + ")"));
        }
    }

    private static String closest(Optional<NeedleMatch> console, Optional<NeedleMatch> firmware) {
        StringBuilder sb = new StringBuilder();
        console.ifPresent(m -> sb.append("; closest console needle: ").append(m.describe()));
        firmware.ifPresent(m -> sb.append("; closest firmware needle: ").append(m.describe()));
        return sb.toString();
    }
}
