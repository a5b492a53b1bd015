package org.igdlab.runner.repro;

import java.util.Objects;

/** A part of the report that could not be used, with the line it sat on (0 when it spans the input) and why. */
public record Unusable(int line, String text, String why) {
    public Unusable {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(why, "why");
        text = text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }
}
