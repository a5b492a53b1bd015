package org.igdlab.runner.host;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A lease the agent granted or renewed, by the host's clock.
 *
 * @param was           {@code free}, {@code own} or {@code expired} for an acquire; empty for a renewal
 * @param previousOwner who held the expired lease this acquire took over
 * @param hostNow       the host's clock when it answered
 */
public record LeaseReply(String owner, Instant expires, Instant acquired, Optional<String> was,
                         Optional<String> previousOwner, Instant hostNow) {

    public LeaseReply {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(acquired, "acquired");
        Objects.requireNonNull(was, "was");
        Objects.requireNonNull(previousOwner, "previousOwner");
        Objects.requireNonNull(hostNow, "hostNow");
    }

    static LeaseReply from(AgentReply reply) {
        return new LeaseReply(reply.first("lease.owner").orElseThrow(() -> new IllegalArgumentException("no lease.owner= line")),
                epoch(reply, "lease.expires"), epoch(reply, "lease.acquired"), reply.first("lease.was"),
                reply.first("lease.previous-owner"), epoch(reply, "now"));
    }

    static Instant epoch(AgentReply reply, String key) {
        String value = reply.first(key).orElseThrow(() -> new IllegalArgumentException("no " + key + "= line"));
        if (!value.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException(key + "=" + value + " is not epoch seconds");
        }
        return Instant.ofEpochSecond(Long.parseLong(value));
    }
}
