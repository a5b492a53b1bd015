package org.igdlab.runner.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameTest {

    private static byte[] ppm(String header, byte[] pixels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(pixels);
        return out.toByteArray();
    }

    @Test
    void readsABinaryPpmWithACommentAndComputesGreyLevels() {
        Frame f = Frame.fromPpm(ppm("P6\n# from the capture device\n2 1\n255\n", new byte[] {(byte) 255, 0, 0, 0, 0, (byte) 255}));

        assertThat(f.width()).isEqualTo(2);
        assertThat(f.height()).isEqualTo(1);
        assertThat(f.grey(0, 0)).isEqualTo(76);   // red: 0.299 * 255
        assertThat(f.grey(1, 0)).isEqualTo(29);   // blue: 0.114 * 255
    }

    @Test
    void scalesSamplesOfASmallerMaxval() {
        assertThat(Frame.fromPpm(ppm("P6 1 1 15\n", new byte[] {15, 15, 15})).grey(0, 0)).isEqualTo(255);
    }

    @Test
    void refusesWhatIsNotABinaryPpmNamingWhatItFound() {
        assertThatThrownBy(() -> Frame.fromPpm(ppm("P3\n1 1\n255\n", new byte[0]))).hasMessageContaining("'P3'");
        assertThatThrownBy(() -> Frame.fromPpm(ppm("P6\n4 4\n255\n", new byte[3])))
                .hasMessageContaining("needs 48 pixel bytes, has 3");
        assertThatThrownBy(() -> Frame.fromPpm(ppm("P6\n1 1\n65535\n", new byte[6]))).hasMessageContaining("maxval");
    }

    @Test
    void survivesAPngRoundTripPixelForPixel() {
        Frame f = Frame.filled(32, 16, 0x102030).withRectangle(new Area(3, 4, 5, 6), 0xabcdef);

        assertThat(Frame.fromImage(f.toPng())).isEqualTo(f);
    }

    @Test
    void countsTheDistinctColoursOfAScreendump() {
        byte g = (byte) 170;
        assertThat(Frame.fromPpm(ppm("P6\n2 2\n255\n", new byte[] {0, 0, 0, 0, 0, 0, g, g, g, 0, 0, 0}))
                .distinctColours()).isEqualTo(2);
    }

    @Test
    void aBlackScreenHasOneDistinctColour() {
        assertThat(Frame.fromPpm(ppm("P6 # comment\n2 1 255\n", new byte[6])).distinctColours()).isEqualTo(1);
    }
}
