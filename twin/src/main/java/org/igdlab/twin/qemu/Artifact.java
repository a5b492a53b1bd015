package org.igdlab.twin.qemu;

/** An installed artifact (artifacts.yaml): name, kind (qemu, seabios, ovmf-code, …) and version. */
public record Artifact(String name, String kind, String version) {
    public Artifact {
        if (name == null || kind == null || version == null) throw new IllegalArgumentException("name, kind and version are required");
    }
}
