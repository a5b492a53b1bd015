package org.igdlab.runner.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * One video frame as 8-bit grey levels (what needles compare) plus its RGB pixels (what the report
 * shows). Read from the PPM a capture device or QMP screendump writes, or from a needle's PNG.
 */
public final class Frame {
    private final int width;
    private final int height;
    private final int[] rgb;

    private Frame(int width, int height, int[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size (" + width + "x" + height + ") must be positive");
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** A frame of {@code width}x{@code height} filled with one RGB colour. */
    public static Frame filled(int width, int height, int rgbValue) {
        int[] px = new int[width * height];
        java.util.Arrays.fill(px, rgbValue & 0xffffff);
        return new Frame(width, height, px);
    }

    /** A binary PPM (P6, maxval 1..255), comments allowed in the header. */
    public static Frame fromPpm(byte[] data) {
        int[] pos = {0};
        String magic = token(data, pos);
        if (!magic.equals("P6")) {
            throw new IllegalArgumentException("not a binary PPM (P6): the file starts with '" + magic + "'");
        }
        int width = number(token(data, pos), "width");
        int height = number(token(data, pos), "height");
        int maxval = number(token(data, pos), "maxval");
        if (maxval < 1 || maxval > 255) {
            throw new IllegalArgumentException("PPM maxval (" + maxval + ") must be 1..255 (8-bit samples)");
        }
        int start = pos[0] + 1;
        long need = (long) width * height * 3;
        if (width <= 0 || height <= 0 || data.length - (long) start < need) {
            throw new IllegalArgumentException("PPM " + width + "x" + height + " needs " + need + " pixel bytes, has "
                    + Math.max(0, data.length - start));
        }
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            int o = start + 3 * i;
            px[i] = scale(data[o], maxval) << 16 | scale(data[o + 1], maxval) << 8 | scale(data[o + 2], maxval);
        }
        return new Frame(width, height, px);
    }

    /** Any image javax.imageio reads (a needle's PNG). */
    public static Frame fromImage(byte[] encoded) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(encoded));
            if (img == null) {
                throw new IllegalArgumentException("not an image javax.imageio can read (PNG expected)");
            }
            int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
            for (int i = 0; i < px.length; i++) {
                px[i] &= 0xffffff;
            }
            return new Frame(img.getWidth(), img.getHeight(), px);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode image", e);
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** How many different RGB values the frame has: 1 for a blank screen (QMP screendump "not blank" checks). */
    public int distinctColours() {
        return (int) java.util.Arrays.stream(rgb).distinct().count();
    }

    /** The grey level (0..255, ITU-R BT.601 luma) of pixel (x, y). */
    public int grey(int x, int y) {
        int p = rgb[y * width + x];
        return (299 * (p >> 16 & 0xff) + 587 * (p >> 8 & 0xff) + 114 * (p & 0xff) + 500) / 1000;
    }

    /** A copy with the rectangle set to one colour (tests and needle editing). */
    public Frame withRectangle(Area area, int rgbValue) {
        int[] px = rgb.clone();
        for (int y = area.y(); y < area.y() + area.height() && y < height; y++) {
            for (int x = area.x(); x < area.x() + area.width() && x < width; x++) {
                px[y * width + x] = rgbValue & 0xffffff;
            }
        }
        return new Frame(width, height, px);
    }

    /** The frame as PNG (for the report: browsers do not show PPM). */
    public byte[] toPng() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, rgb, 0, width);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("javax.imageio has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG", e);
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.width == width && f.height == height && java.util.Arrays.equals(f.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + java.util.Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "Frame[" + width + "x" + height + "]";
    }

    private static int scale(byte sample, int maxval) {
        return maxval == 255 ? sample & 0xff : Math.min(255, (sample & 0xff) * 255 / maxval);
    }

    private static int number(String token, String what) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PPM " + what + " '" + token + "' is not a number");
        }
    }

    /** The next header token; skips whitespace and comments; leaves pos on the delimiter after it. */
    private static String token(byte[] data, int[] pos) {
        int i = pos[0];
        while (i < data.length) {
            if (data[i] == '#') {
                while (i < data.length && data[i] != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(data[i])) {
                i++;
            } else {
                break;
            }
        }
        int start = i;
        while (i < data.length && !Character.isWhitespace(data[i]) && i - start < 16) {
            i++;
        }
        pos[0] = i;
        return new String(data, start, i - start, StandardCharsets.US_ASCII);
    }
}
