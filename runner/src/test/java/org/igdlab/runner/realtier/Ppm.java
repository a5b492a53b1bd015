package org.igdlab.runner.realtier;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** A binary PPM (P6, maxval < 256) as QMP screendump writes it: size and how many distinct pixel values. */
record Ppm(int width, int height, int distinctPixels) {

    static Ppm parse(byte[] data) {
        int[] pos = {0};
        String magic = token(data, pos);
        if (!magic.equals("P6")) {
            throw new IllegalArgumentException("not a binary PPM: magic " + magic);
        }
        int width = Integer.parseInt(token(data, pos));
        int height = Integer.parseInt(token(data, pos));
        int maxval = Integer.parseInt(token(data, pos));
        if (maxval > 255) {
            throw new IllegalArgumentException("16-bit PPM not supported (maxval " + maxval + ")");
        }
        int start = pos[0] + 1;
        long need = (long) width * height * 3;
        if (data.length - start < need) {
            throw new IllegalArgumentException("PPM " + width + "x" + height + " needs " + need + " pixel bytes, has "
                    + (data.length - start));
        }
        Set<Integer> distinct = new HashSet<>();
        for (int i = start; i + 2 < start + need; i += 3) {
            distinct.add((data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff));
        }
        return new Ppm(width, height, distinct.size());
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
        while (i < data.length && !Character.isWhitespace(data[i])) {
            i++;
        }
        pos[0] = i;
        return new String(data, start, i - start, StandardCharsets.US_ASCII);
    }
}
