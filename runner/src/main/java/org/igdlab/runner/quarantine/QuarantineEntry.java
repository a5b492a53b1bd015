package org.igdlab.runner.quarantine;

import java.time.Instant;
import java.util.Objects;

/** One quarantined host: since when and why (the lab fault that put it there). */
public record QuarantineEntry(String host, Instant since, String reason) {
    public QuarantineEntry {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(reason, "reason");
        if (host.isBlank()) {
            throw new IllegalArgumentException("a quarantined host needs a name, got '" + host + "'");
        }
    }

    /** "quarantined since 2026-12-07T18:30:00Z because ..." as {@code lab hosts} and {@code lab run} print it. */
    public String describe() {
        return "quarantined since " + since + " because " + reason;
    }
}
