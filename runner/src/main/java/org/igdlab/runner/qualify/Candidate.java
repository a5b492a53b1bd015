package org.igdlab.runner.qualify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.igdlab.runner.inventory.Artifact;
import org.igdlab.runner.inventory.Artifacts;

/**
 * One build under qualification, {@code --candidate KIND=ARTIFACT}: every cell of the run uses
 * it in place of whatever the host would pick of that kind.
 *
 * @param kind     qemu, seabios, ovmf or efi-oprom ({@link #KINDS})
 * @param artifact the artifacts.yaml entry, of the matching artifact kind
 */
public record Candidate(String kind, Artifact artifact) {

    /** Candidate kind → the artifacts.yaml kind it names (OVMF is pinned by its code image). */
    public static final Map<String, String> KINDS = kinds();

    public Candidate {
        Objects.requireNonNull(artifact, "artifact");
        String artifactKind = KINDS.get(kind);
        if (artifactKind == null) {
            throw new IllegalArgumentException("candidate kind '" + kind + "' is not one of " + KINDS.keySet());
        }
        if (!artifact.kind().equals(artifactKind)) {
            throw new IllegalArgumentException("candidate " + kind + "=" + artifact.name() + ": " + artifact.name()
                    + " is a " + artifact.kind() + " artifact, not " + artifactKind);
        }
    }

    /**
     * Reads {@code KIND=ARTIFACT}. A wrong kind, an unknown artifact or one of another kind is
     * refused with the allowed values.
     */
    public static Candidate parse(String text, Artifacts catalogue) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--candidate '" + text + "' must be KIND=ARTIFACT, KIND one of "
                    + KINDS.keySet() + ", e.g. qemu=" + firstOf(catalogue, "qemu"));
        }
        String kind = text.substring(0, eq);
        String name = text.substring(eq + 1);
        String artifactKind = KINDS.get(kind);
        if (artifactKind == null) {
            throw new IllegalArgumentException("--candidate " + text + ": kind '" + kind + "' is not one of " + KINDS.keySet());
        }
        List<String> allowed = catalogue.all().stream().filter(a -> a.kind().equals(artifactKind)).map(Artifact::name).toList();
        Artifact artifact = catalogue.byName(name).filter(a -> a.kind().equals(artifactKind)).orElseThrow(() ->
                new IllegalArgumentException("--candidate " + text + ": no " + kind + " artifact '" + name
                        + "' in the artifacts catalogue; " + kind + " artifacts: " + allowed));
        return new Candidate(kind, artifact);
    }

    /** {@code qemu=qemu-10.2.0}. */
    @Override
    public String toString() {
        return kind + "=" + artifact.name();
    }

    private static String firstOf(Artifacts catalogue, String kind) {
        return catalogue.all().stream().filter(a -> a.kind().equals(kind)).map(Artifact::name).findFirst().orElse("NAME");
    }

    private static Map<String, String> kinds() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("qemu", "qemu");
        k.put("seabios", "seabios");
        k.put("ovmf", "ovmf-code");
        k.put("efi-oprom", "efi-oprom");
        return java.util.Collections.unmodifiableMap(k);
    }
}
