package org.igdlab.twin.fault;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code {drop-connection: {verb: V, after: N}}} (N defaults to 1): the Nth call of agent verb V
 * does its work, then its SSH session is closed abruptly, before the reply and without an exit
 * status, as when a link or sshd dies mid-command. Only the Nth call drops; later ones answer.
 * A dropped {@code launch} therefore leaves its QEMU running, as a real detached QEMU would.
 */
public final class DropConnection {
    private final String verb;
    private final int after;
    private final AtomicInteger calls = new AtomicInteger();

    public DropConnection(String verb, int after) {
        if (!FaultParameters.AGENT_VERBS.contains(verb)) throw new IllegalArgumentException("verb '" + verb + "' is not an agent verb");
        if (after < 1) throw new IllegalArgumentException("after (" + after + ") must be at least 1");
        this.verb = verb;
        this.after = after;
    }

    static DropConnection read(FaultParameters p) {
        return new DropConnection(p.verb("verb"), (int) p.number("after", 1, 1));
    }

    /** Counts a call of {@code calledVerb}; true when it is the one whose connection drops. */
    boolean dropsNow(String calledVerb) {
        return verb.equals(calledVerb) && calls.incrementAndGet() == after;
    }

    public String verb() {
        return verb;
    }

    public int after() {
        return after;
    }
}
