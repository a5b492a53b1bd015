package org.igdlab.runner.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.igdlab.runner.display.DisplayExpectation.Output;
import org.junit.jupiter.api.Test;

/** The display decision on synthetic frames: a "console" picture, a "firmware" picture, and black. */
class DisplayJudgeTest {
    private static final Area WHOLE = new Area(0, 0, 64, 32);
    private static final Frame CONSOLE = Frame.filled(64, 32, 0).withRectangle(new Area(2, 2, 40, 6), 0xaaaaaa);
    private static final Frame FIRMWARE = Frame.filled(64, 32, 0).withRectangle(new Area(2, 20, 20, 10), 0xaaaaaa);
    private static final Frame BLACK = Frame.filled(64, 32, 0);
    private static final Needles NEEDLES = Needles.of(List.of(
            new Needle("console", Set.of("os"), List.of(new Needle.MatchArea(WHOLE, 0.95)), List.of(), CONSOLE),
            new Needle("firmware", Set.of("pre-os"), List.of(new Needle.MatchArea(WHOLE, 0.95)), List.of(), FIRMWARE)));
    private static final Map<String, String> HDMI_CONNECTED = Map.of("card0-HDMI-A-1", "connected", "card0-DP-1", "disconnected");
    private static final Map<String, String> NONE = Map.of();

    private static DisplayExpectation expect(Output preOs, Output os) {
        return new DisplayExpectation(preOs, os, "§F9", "§5.3", NEEDLES);
    }

    private static DisplayVerdict judge(Output preOs, Output os, Map<String, String> connectors, Frame frame) {
        return DisplayJudge.judge(expect(preOs, os), new DisplayObservation(connectors, frame));
    }

    @Test
    void osOutputShownPassesWithAConnectedConnectorAndTheConsoleOnScreen() {
        DisplayVerdict v = judge(Output.SHOWN, Output.SHOWN, HDMI_CONNECTED, CONSOLE);

        assertThat(v.passed()).as(v.toString()).isTrue();
        assertThat(v.checks()).anyMatch(c -> c.contains("pre-OS output (shown) not observable"));
        assertThat(v.seen()).startsWith("the guest console (needle console");
    }

    @Test
    void osOutputShownFailsOnABlackFrameNamingExpectedSeenAndTheCitation() {
        DisplayVerdict v = judge(Output.BLACK, Output.SHOWN, NONE, BLACK);

        assertThat(v.mismatches()).extracting(DisplayVerdict.Finding::subject)
                .containsExactly("DRM connectors", "display: OS output");
        DisplayVerdict.Finding frame = v.mismatches().get(1);
        assertThat(frame.expected()).isEqualTo("the guest console");
        assertThat(frame.observed()).startsWith("a black frame");
        assertThat(frame.explanation()).contains("(§5.3)");
    }

    @Test
    void bothBlackPassesOnlyOnABlackFrameWithoutConnectedConnectors() {
        assertThat(judge(Output.BLACK, Output.BLACK, NONE, BLACK).passed()).isTrue();

        DisplayVerdict console = judge(Output.BLACK, Output.BLACK, HDMI_CONNECTED, CONSOLE);
        assertThat(console.mismatches()).extracting(DisplayVerdict.Finding::subject)
                .containsExactly("DRM connectors", "display: OS output");

        DisplayVerdict firmware = judge(Output.BLACK, Output.BLACK, NONE, FIRMWARE);
        assertThat(firmware.mismatches()).extracting(DisplayVerdict.Finding::subject).containsExactly("display: pre-OS output");
        assertThat(firmware.mismatches().get(0).observed()).startsWith("the firmware's picture");
    }

    @Test
    void preOsShownWithoutOsOutputExpectsTheFirmwarePictureLeftOnThePort() {
        assertThat(judge(Output.SHOWN, Output.BLACK, NONE, FIRMWARE).passed()).isTrue();

        DisplayVerdict v = judge(Output.SHOWN, Output.BLACK, NONE, BLACK);
        assertThat(v.mismatches()).extracting(DisplayVerdict.Finding::subject).containsExactly("display: pre-OS output");
        assertThat(v.mismatches().get(0).explanation()).contains("§F9");
    }

    @Test
    void anUnrecognisedPictureIsReportedWithTheClosestNeedles() {
        Frame garbage = Frame.filled(64, 32, 0x808080).withRectangle(new Area(30, 0, 4, 32), 0xffffff);

        DisplayVerdict v = judge(Output.BLACK, Output.SHOWN, HDMI_CONNECTED, garbage);

        assertThat(v.mismatches()).extracting(DisplayVerdict.Finding::subject).containsExactly("display: OS output");
        assertThat(v.seen()).startsWith("a picture no needle recognises").contains("closest console needle: console");
    }

    @Test
    void shownWithoutANeedleForItIsAMismatchThatSaysSo() {
        DisplayVerdict v = DisplayJudge.judge(new DisplayExpectation(Output.BLACK, Output.SHOWN, "a", "b", Needles.none()),
                new DisplayObservation(HDMI_CONNECTED, CONSOLE));

        assertThat(v.mismatches()).singleElement().satisfies(f -> assertThat(f.explanation()).contains("no needle is tagged 'os'"));
    }

    @Test
    void uncheckedJudgesNothing() {
        DisplayVerdict v = DisplayJudge.judge(DisplayExpectation.unchecked(), new DisplayObservation(HDMI_CONNECTED, CONSOLE));

        assertThat(v.passed()).isTrue();
        assertThat(v.checks()).singleElement().satisfies(c -> assertThat(c).startsWith("frame not judged"));
    }
}
