package org.igdlab.runner.ssh;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to reach one host: its inventory name (for messages), address and port, the login
 * user, the private key to authenticate with, and the pinned host key fingerprint in OpenSSH form
 * ({@code SHA256:} and 43 characters of unpadded base64, as {@code ssh-keygen -lf} prints it).
 */
public record SshTarget(String hostName, String address, int port, String user, Path identityFile,
        String hostKeyFingerprint) {

    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    public SshTarget {
        requireText(hostName, "hostName");
        requireText(address, "address");
        requireText(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port (" + port + ") of host " + hostName + " must be 1..65535");
        }
        Objects.requireNonNull(identityFile, "identityFile of host " + hostName);
        Objects.requireNonNull(hostKeyFingerprint, "hostKeyFingerprint of host " + hostName);
        if (!FINGERPRINT.matcher(hostKeyFingerprint).matches()) {
            throw new IllegalArgumentException("hostKeyFingerprint (" + hostKeyFingerprint + ") of host " + hostName
                    + " must look like SHA256:<43 base64 characters> (see: ssh-keyscan -p " + port + " " + address
                    + " | ssh-keygen -lf -)");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " (" + value + ") must not be blank");
        }
    }

    /** {@code address:port}, for messages. */
    public String endpoint() {
        return address + ":" + port;
    }
}
