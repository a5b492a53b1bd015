package org.igdlab.twin.qemu;

/**
 * An installed artifact (artifacts.yaml): name, kind (qemu, seabios, ovmf-code, efi-oprom, …),
 * version, and variant ("" when the entry has none, e.g. igd-assignment-dxe-current for a ROM).
 */
public record Artifact(String name, String kind, String version, String variant) {
    public Artifact {
        if (name == null || kind == null || version == null) throw new IllegalArgumentException("name, kind and version are required");
        variant = variant == null ? "" : variant;
    }

    public Artifact(String name, String kind, String version) {
        this(name, kind, version, "");
    }
}
