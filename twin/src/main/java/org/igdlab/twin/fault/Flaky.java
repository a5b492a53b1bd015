package org.igdlab.twin.fault;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code {flaky: {verb: V, failures: N}}} (N defaults to 1): the first N calls of agent verb V fail
 * as a transient lab fault would ({@code error.code=failed}, exit 70, "injected transient failure
 * K of N") without doing their work; every later call works.
 */
public final class Flaky {
    private final String verb;
    private final int failures;
    private final AtomicInteger calls = new AtomicInteger();

    public Flaky(String verb, int failures) {
        if (!FaultParameters.AGENT_VERBS.contains(verb)) throw new IllegalArgumentException("verb '" + verb + "' is not an agent verb");
        if (failures < 1) throw new IllegalArgumentException("failures (" + failures + ") must be at least 1");
        this.verb = verb;
        this.failures = failures;
    }

    static Flaky read(FaultParameters p) {
        return new Flaky(p.verb("verb"), (int) p.number("failures", 1, 1));
    }

    /** Counts a call of {@code calledVerb}; the failure message when this call must fail. */
    Optional<String> failureOf(String calledVerb) {
        if (!verb.equals(calledVerb)) return Optional.empty();
        int k = calls.incrementAndGet();
        return k <= failures ? Optional.of("injected transient failure " + k + " of " + failures) : Optional.empty();
    }

    public String verb() {
        return verb;
    }

    public int failures() {
        return failures;
    }
}
