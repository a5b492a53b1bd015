package org.igdlab.runner.scenario;

/** Which combinations of a suite's axes become cells. */
public enum Coverage {
    /** Every combination (the full product). */
    FULL
}
