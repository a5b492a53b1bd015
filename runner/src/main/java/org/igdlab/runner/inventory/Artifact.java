package org.igdlab.runner.inventory;

import java.util.Objects;
import java.util.Optional;

/**
 * Something a host can have installed: a QEMU build, firmware, an option ROM, a kernel, a guest
 * image. {@code os} is set for guest images ({@code linux}, {@code windows}).
 */
public record Artifact(String name, String kind, String version, Optional<String> variant,
                       Optional<String> sha256, Optional<String> source, Optional<String> os) {
    public Artifact {
        Checks.require("artifact name", name, Checks.ARTIFACT_NAME);
        Checks.require("artifact kind", kind, Checks.ARTIFACT_NAME);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(sha256, "sha256");
        sha256.ifPresent(s -> Checks.require("sha256", s, Checks.SHA256));
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(os, "os");
    }
}
