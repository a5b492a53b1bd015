package org.igdlab.twin.fault;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code unreachable} / {@code {unreachable: {close-after-ms: N}}}: the host's port accepts TCP
 * but nothing on it ever speaks SSH (no identification string, no key exchange), like a host
 * whose sshd hangs or a dead host behind a half-open NAT. Bare, a connection is held until the
 * client gives up (its connect deadline decides); with {@code close-after-ms} it is reset after
 * that long, like a firewall's RST, so tests do not wait out the client's deadline.
 */
public record Unreachable(Optional<Duration> closeAfter) {
    public Unreachable {
        if (closeAfter.isPresent() && (closeAfter.get().isNegative() || closeAfter.get().isZero())) {
            throw new IllegalArgumentException("close-after (" + closeAfter.get() + ") must be positive");
        }
    }

    static Unreachable read(FaultParameters p) {
        return new Unreachable(p.has("close-after-ms") ? Optional.of(Duration.ofMillis(p.number("close-after-ms", 1, 0)))
                : Optional.empty());
    }
}
