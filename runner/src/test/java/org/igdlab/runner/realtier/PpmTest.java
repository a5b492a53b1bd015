package org.igdlab.runner.realtier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PpmTest {

    private static byte[] ppm(String header, int... pixelBytes) {
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + pixelBytes.length];
        System.arraycopy(h, 0, out, 0, h.length);
        for (int i = 0; i < pixelBytes.length; i++) {
            out[h.length + i] = (byte) pixelBytes[i];
        }
        return out;
    }

    @Test
    void countsDistinctPixelsOfAScreendump() {
        assertThat(Ppm.parse(ppm("P6\n2 2\n255\n", 0, 0, 0, 0, 0, 0, 170, 170, 170, 0, 0, 0)))
                .isEqualTo(new Ppm(2, 2, 2));
    }

    @Test
    void aBlackScreenHasOneDistinctPixel() {
        assertThat(Ppm.parse(ppm("P6 # comment\n2 1 255\n", 0, 0, 0, 0, 0, 0)).distinctPixels()).isEqualTo(1);
    }

    @Test
    void aTruncatedImageIsRefusedWithBothSizes() {
        assertThatThrownBy(() -> Ppm.parse(ppm("P6\n2 2\n255\n", 0, 0, 0)))
                .hasMessageContaining("needs 12 pixel bytes, has 3");
    }
}
