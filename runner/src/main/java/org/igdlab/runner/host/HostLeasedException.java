package org.igdlab.runner.host;

import java.time.Instant;
import java.util.Optional;

/**
 * Another runner holds the host's lease (the agent refused with {@code error.code=leased}). A lab
 * fault, never a product failure: the host is busy, not broken. The message names the holder and,
 * when the agent said it, when the lease expires: {@code host kbl-01 is leased by ci@r1:42:run-7
 * until 2026-12-07T18:10:00Z}.
 */
public final class HostLeasedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final String holder;
    private final transient Optional<Instant> expires;

    HostLeasedException(String host, String verb, String holder, Optional<Instant> expires, AgentException cause) {
        super("host " + host + " is leased by " + holder + expires.map(e -> " until " + e).orElse("")
                + " (" + verb + " refused); another runner is using it, or its lease has not expired yet", cause);
        this.host = host;
        this.holder = holder;
        this.expires = expires;
    }

    public String host() {
        return host;
    }

    /** The owner named by the lease, {@code user@runner-host:pid:run-id}. */
    public String holder() {
        return holder;
    }

    /** When the holder's lease runs out unless renewed, by the host's clock. */
    public Optional<Instant> expires() {
        return expires;
    }
}
