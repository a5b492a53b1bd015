package org.igdlab.twin.fault;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parameters of one twin.yaml fault entry ({@code {name: {key: value, …}}}); each key must be read. */
final class FaultParameters {
    /** The host agent's verbs (scripts/host/PROTOCOL.md), the only ones a verb-scoped fault may name. */
    static final List<String> AGENT_VERBS = List.of("version", "facts", "bind", "unbind", "launch", "status", "stop",
            "collect", "stage", "stage-overlay", "health", "kernel-install", "next-boot", "reboot");

    private final String fault;
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();

    FaultParameters(String fault, Map<String, ?> values) {
        this.fault = fault;
        this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
    }

    static FaultParameters empty(String fault) {
        return new FaultParameters(fault, Map.of());
    }

    /** The reader of a fault that takes no parameters. */
    static Object none(FaultParameters p) {
        return null;
    }

    /** An agent verb, required. */
    String verb(String key) {
        Object v = values.get(key);
        read.add(key);
        if (v == null) throw new IllegalArgumentException("fault " + fault + " needs '" + key + "' (an agent verb: " + String.join(", ", AGENT_VERBS) + ")");
        if (!AGENT_VERBS.contains(v.toString())) {
            throw new IllegalArgumentException("fault " + fault + ": " + key + " '" + v + "' is not an agent verb; known: " + String.join(", ", AGENT_VERBS));
        }
        return v.toString();
    }

    /** A whole number of at least {@code min}, or {@code fallback} when absent. */
    long number(String key, long min, long fallback) {
        Object v = values.get(key);
        read.add(key);
        if (v == null) return fallback;
        if (!(v instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < min) {
            throw new IllegalArgumentException("fault " + fault + ": " + key + " (" + v + ") must be a whole number of at least " + min);
        }
        return n.longValue();
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    void refuseUnread() {
        Set<String> unknown = new LinkedHashSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("fault " + fault + ": unknown parameter(s) " + unknown
                    + (read.isEmpty() ? "; it takes none" : "; known: " + read));
        }
    }
}
