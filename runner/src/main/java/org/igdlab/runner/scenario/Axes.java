package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.Generation;
import org.igdlab.runner.inventory.YamlSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The axes a suite may vary, and the values each may take. */
final class Axes {
    static final String GENERATION = "generation";
    static final String MACHINE = "machine";
    static final String FIRMWARE = "firmware";
    static final String MODE = "mode";
    static final String OPREGION = "x-igd-opregion";

    /** Axes every suite must declare: a cell cannot be run without them. */
    static final List<String> REQUIRED = List.of(GENERATION, MACHINE, FIRMWARE, MODE);

    static final Map<String, List<String>> KNOWN;

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(GENERATION, Generation.ids());
        m.put(MACHINE, List.of("pc", "q35"));
        m.put(FIRMWARE, List.of("seabios", "ovmf"));
        m.put(MODE, List.of("legacy", "upt"));
        m.put(OPREGION, List.of("on", "off", "default"));
        KNOWN = java.util.Collections.unmodifiableMap(m);
    }

    private Axes() {
    }

    /**
     * One axis value, checked against the allowed ones. YAML 1.1 reads bare {@code on}/{@code off}
     * as booleans, so a boolean is taken as {@code on}/{@code off}.
     */
    static String value(String axis, YamlSource.Node node) throws YamlSource.Invalid {
        List<String> allowed = KNOWN.get(axis);
        if (node instanceof YamlSource.Scalar s && s.kind() == YamlSource.ScalarKind.BOOLEAN
                && allowed.contains("on")) {
            return node.bool("on or off") ? "on" : "off";
        }
        return node.oneOf(allowed);
    }

    /** Where the IGD sits in the guest: legacy mode needs 00:02.0 (igd-model.md §1); UPT uses 00:05.0. */
    static String guestBdf(String mode) {
        return switch (mode) {
            case "legacy" -> "00:02.0";
            case "upt" -> "00:05.0";
            default -> throw new IllegalArgumentException("mode (" + mode + ") is not one of " + KNOWN.get(MODE));
        };
    }

    /** The part of a cell id for one axis value. */
    static String idPart(String axis, String value) {
        return axis.equals(OPREGION) ? "opregion-" + value : value;
    }
}
