package org.igdlab.twin.igd;

/** A line QEMU prints while realizing a device: `<prog>: -device <args>: [info: |warning: ]<text>`. */
public record Diagnostic(Level level, String text) {
    public enum Level { INFO, WARNING, ERROR }

    public Diagnostic {
        if (level == null || text == null || text.isBlank()) throw new IllegalArgumentException("level and text are required");
    }

    static Diagnostic info(String text) {
        return new Diagnostic(Level.INFO, text);
    }

    static Diagnostic warning(String text) {
        return new Diagnostic(Level.WARNING, text);
    }

    static Diagnostic error(String text) {
        return new Diagnostic(Level.ERROR, text);
    }

    /** The text after the location prefix. */
    public String render() {
        return switch (level) {
            case INFO -> "info: " + text;
            case WARNING -> "warning: " + text;
            case ERROR -> text;
        };
    }
}
