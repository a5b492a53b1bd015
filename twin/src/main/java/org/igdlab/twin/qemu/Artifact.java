package org.igdlab.twin.qemu;

/**
 * An installed artifact (artifacts.yaml): name, kind (qemu, seabios, ovmf-code, efi-oprom, …),
 * version, variant ("" when the entry has none, e.g. igd-assignment-dxe-current for a ROM), and
 * for a guest image the OS it boots ("" when the entry has none; a guest image without one is Linux).
 */
public record Artifact(String name, String kind, String version, String variant, String os) {
    public Artifact {
        if (name == null || kind == null || version == null) throw new IllegalArgumentException("name, kind and version are required");
        variant = variant == null ? "" : variant;
        os = os == null ? "" : os;
    }

    public Artifact(String name, String kind, String version, String variant) {
        this(name, kind, version, variant, "");
    }

    public Artifact(String name, String kind, String version) {
        this(name, kind, version, "");
    }
}
