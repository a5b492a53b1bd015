package org.igdlab.runner.display;

/** A rectangle of a frame, in pixels, as openQA needles give it (xpos, ypos, width, height). */
public record Area(int x, int y, int width, int height) {
    public Area {
        if (x < 0 || y < 0) {
            throw new IllegalArgumentException("area origin (" + x + ", " + y + ") must not be negative");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("area size (" + width + "x" + height + ") must be positive");
        }
    }

    boolean contains(int px, int py) {
        return px >= x && px < x + width && py >= y && py < y + height;
    }

    boolean fitsIn(int frameWidth, int frameHeight) {
        return x + width <= frameWidth && y + height <= frameHeight;
    }

    @Override
    public String toString() {
        return width + "x" + height + "+" + x + "+" + y;
    }
}
