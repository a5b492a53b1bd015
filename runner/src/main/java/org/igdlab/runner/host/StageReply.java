package org.igdlab.runner.host;

import java.util.Objects;

/** What {@code stage} put into a cell directory: the file name, its SHA-256 and size as the host computed them. */
public record StageReply(String name, String sha256, long size, AgentReply raw) {

    public StageReply {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size (" + size + ") must not be negative");
        }
        Objects.requireNonNull(raw, "raw");
    }
}
