package org.igdlab.twin.display;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** One captured video frame: 8-bit RGB, row by row, as a capture device delivers it. */
public final class Frame {
    private final int width;
    private final int height;
    private final byte[] rgb;

    Frame(int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("frame size (" + width + "x" + height + ") must be positive");
        this.width = width;
        this.height = height;
        this.rgb = new byte[width * height * 3];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    void set(int x, int y, int rgbValue) {
        int i = (y * width + x) * 3;
        rgb[i] = (byte) (rgbValue >> 16);
        rgb[i + 1] = (byte) (rgbValue >> 8);
        rgb[i + 2] = (byte) rgbValue;
    }

    /** The frame as a binary PPM (P6, maxval 255): what {@code capture} writes and QMP screendump also writes. */
    public byte[] toPpm() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rgb.length + 20);
        out.writeBytes(("P6\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(rgb);
        return out.toByteArray();
    }
}
