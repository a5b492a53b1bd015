package org.igdlab.runner.display;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlackFrameTest {

    @Test
    void anAllBlackFrameIsBlack() {
        Frame f = Frame.filled(640, 400, 0);

        assertThat(BlackFrame.isBlack(f)).isTrue();
        assertThat(BlackFrame.describe(f)).isEqualTo("black: 0 of 256000 pixels lit (grey > 32)");
    }

    @Test
    void captureNoiseBelowTheLitLevelIsStillBlack() {
        assertThat(BlackFrame.isBlack(Frame.filled(640, 400, 0x181818))).isTrue();
    }

    @Test
    void aFewStrayPixelsAreTolerated_aLineOfTextIsNot() {
        Frame stray = Frame.filled(640, 400, 0).withRectangle(new Area(10, 10, 16, 16), 0xffffff);   // 256 of 256000
        Frame text = Frame.filled(640, 400, 0).withRectangle(new Area(0, 0, 296, 14), 0xaaaaaa);

        assertThat(BlackFrame.isBlack(stray)).isTrue();
        assertThat(BlackFrame.isBlack(text)).isFalse();
        assertThat(BlackFrame.describe(text)).startsWith("not black: 4144 of 256000");
    }
}
