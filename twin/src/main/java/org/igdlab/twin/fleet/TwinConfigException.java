package org.igdlab.twin.fleet;

import java.io.IOException;
import java.nio.file.Path;

/** twin.yaml or artifacts.yaml is malformed: names the file, line, column and what was expected. */
public final class TwinConfigException extends IOException {
    private final Path file;
    private final int line;
    private final int column;

    TwinConfigException(Path file, int line, int column, String message, Throwable cause) {
        super(file + ":" + line + ":" + column + ": " + message, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
