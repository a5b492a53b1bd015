package org.igdlab.runner.inventory;

import java.util.Objects;

/** An artifact installed on a host, and where. */
public record Installed(Artifact artifact, String path) {
    public Installed {
        Objects.requireNonNull(artifact, "artifact");
        Checks.require("installed path", path, Checks.ABSOLUTE_PATH);
    }
}
