package org.igdlab.runner.inventory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the runner authenticates to a host over SSH. Never a password: an inventory is in git and
 * in logs.
 */
public sealed interface Identity permits Identity.KeyFile, Identity.SshAgent, Identity.Unbound {

    /** A private key file ({@code ~} already expanded). */
    record KeyFile(Path file) implements Identity {
        public KeyFile {
            Objects.requireNonNull(file, "file");
            if (!file.isAbsolute()) {
                throw new IllegalArgumentException("identity file (" + file + ") must be absolute");
            }
        }
    }

    /** Keys offered by the running ssh-agent. */
    record SshAgent() implements Identity {
    }

    /**
     * An embedded (twin) host whose key is handed out when the twin starts; replaced by
     * {@link Inventory#withEndpoints}. Never used to connect.
     */
    record Unbound() implements Identity {
    }
}
