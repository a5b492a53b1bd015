package org.igdlab.twin.fleet;

/** Where a twin host listens, and its host key's fingerprint ("SHA256:<base64, no padding>"). */
public record TwinEndpoint(String name, String host, int port, String hostKeyFingerprint) {
    public TwinEndpoint {
        if (name == null || host == null || hostKeyFingerprint == null) throw new IllegalArgumentException("name, host and fingerprint are required");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("port (" + port + ") must be 1..65535");
        if (!hostKeyFingerprint.startsWith("SHA256:")) throw new IllegalArgumentException("fingerprint (" + hostKeyFingerprint + ") must start with SHA256:");
    }
}
