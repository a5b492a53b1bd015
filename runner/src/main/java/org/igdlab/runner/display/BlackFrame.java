package org.igdlab.runner.display;

import java.util.Locale;

/**
 * Whether a frame is black: the port shows nothing (no signal, or a mode set with nothing drawn).
 * A capture device is not a perfect black: a pixel counts as lit above grey level {@value #LIT}, and
 * a frame stays black while at most 1 in 1000 pixels are lit (noise, a stray cursor pixel).
 */
public final class BlackFrame {
    static final int LIT = 32;
    static final double MAX_LIT_FRACTION = 0.001;

    private BlackFrame() {
    }

    public static boolean isBlack(Frame frame) {
        return litPixels(frame) <= (long) Math.floor(MAX_LIT_FRACTION * frame.width() * frame.height());
    }

    /** "black: 0 of 256000 pixels lit (grey > 32)" or "not black: 5120 of …". */
    public static String describe(Frame frame) {
        long lit = litPixels(frame);
        long all = (long) frame.width() * frame.height();
        return String.format(Locale.ROOT, "%s: %d of %d pixels lit (grey > %d)", isBlack(frame) ? "black" : "not black",
                lit, all, LIT);
    }

    private static long litPixels(Frame frame) {
        long lit = 0;
        for (int y = 0; y < frame.height(); y++) {
            for (int x = 0; x < frame.width(); x++) {
                if (frame.grey(x, y) > LIT) {
                    lit++;
                }
            }
        }
        return lit;
    }
}
