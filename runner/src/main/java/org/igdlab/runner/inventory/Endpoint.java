package org.igdlab.runner.inventory;

/** Where an embedded (twin) host really listens, known only once the twin has started. */
public record Endpoint(String address, int port, String hostKeyFingerprint) {
    public Endpoint {
        Checks.require("address", address, Checks.ADDRESS);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port (" + port + ") must be 1..65535");
        }
        Checks.require("hostKeyFingerprint", hostKeyFingerprint, Checks.HOST_KEY);
    }
}
