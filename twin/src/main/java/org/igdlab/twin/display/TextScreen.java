package org.igdlab.twin.display;

import java.util.List;

/**
 * What a monitor on the IGD's port shows: nothing (black, no signal), or lines of text in a VGA
 * text mode of 80x25 cells of 8x16 pixels (640x400), light grey on black — the firmware's screen
 * or the guest's console.
 */
public record TextScreen(List<String> lines) {
    public static final int COLUMNS = 80;
    public static final int ROWS = 25;
    public static final int CELL_WIDTH = 8;
    public static final int CELL_HEIGHT = 16;
    private static final int GREY = 0xaaaaaa;

    public TextScreen {
        lines = List.copyOf(lines);
        if (lines.size() > ROWS) throw new IllegalArgumentException("a text screen holds " + ROWS + " lines, got " + lines.size());
    }

    /** No picture: the port is dark (a capture device delivers a black frame). */
    public static TextScreen black() {
        return new TextScreen(List.of());
    }

    public boolean isBlack() {
        return lines.stream().allMatch(String::isBlank);
    }

    /** The frame a capture device on the port records. Each glyph pixel is 1 wide and 2 tall, inset by one pixel. */
    public Frame render() {
        Frame f = new Frame(COLUMNS * CELL_WIDTH, ROWS * CELL_HEIGHT);
        for (int r = 0; r < lines.size(); r++) {
            String line = lines.get(r);
            for (int c = 0; c < Math.min(COLUMNS, line.length()); c++) {
                drawGlyph(f, line.charAt(c), c * CELL_WIDTH + 1, r * CELL_HEIGHT + 1);
            }
        }
        return f;
    }

    private static void drawGlyph(Frame f, char ch, int x0, int y0) {
        for (int gy = 0; gy < ConsoleFont.GLYPH_HEIGHT; gy++) {
            int bits = ConsoleFont.row(ch, gy);
            for (int gx = 0; gx < ConsoleFont.GLYPH_WIDTH; gx++) {
                if ((bits & (1 << (ConsoleFont.GLYPH_WIDTH - 1 - gx))) == 0) continue;
                f.set(x0 + gx, y0 + 2 * gy, GREY);
                f.set(x0 + gx, y0 + 2 * gy + 1, GREY);
            }
        }
    }
}
