package org.igdlab.runner.scenario;

/**
 * A suite or expectations file that cannot be used. The message reads
 * {@code FILE:LINE:COLUMN: path: expected …, found …}.
 */
public class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
