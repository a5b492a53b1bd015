package org.igdlab.runner.host;

import java.time.Duration;

/**
 * A {@link StateGraph} transition stopped at one edge: which edge (from, to, its step), on the way to
 * which target, after how long, and why (the cause, chained). The graph is back at its root.
 */
public final class TransitionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Object from;
    private final transient Object to;
    private final String step;
    private final transient Object target;
    private final Duration took;

    TransitionException(String message, Object from, Object to, String step, Object target, Duration took,
                        Throwable cause) {
        super(message, cause);
        this.from = from;
        this.to = to;
        this.step = step;
        this.target = target;
        this.took = took;
    }

    /** The state the failed edge started from. */
    public Object from() {
        return from;
    }

    /** The state the failed edge was to reach. */
    public Object to() {
        return to;
    }

    /** The failed edge's description (the step's name). */
    public String step() {
        return step;
    }

    public Object target() {
        return target;
    }

    public Duration took() {
        return took;
    }
}
