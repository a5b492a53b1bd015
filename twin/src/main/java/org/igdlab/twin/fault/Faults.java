package org.igdlab.twin.fault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The faults active on one twin host, with their settings. Read once at fleet start; the
 * verb-scoped ones ({@link DropConnection}, {@link Flaky}) count calls, so one {@code Faults}
 * belongs to one host.
 */
public final class Faults {
    private final Set<Fault> active;
    private final List<Object> settings;

    /** These faults with their default parameters (a fault that needs parameters is refused). */
    public Faults(Set<Fault> active) {
        this(active, active.stream().map(f -> f.setting(FaultParameters.empty(f.yamlName()))).filter(s -> s != null).toList());
    }

    private Faults(Set<Fault> active, List<Object> settings) {
        this.active = active.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(active));
        this.settings = List.copyOf(settings);
    }

    public static Faults none() {
        return new Faults(Set.of());
    }

    /**
     * From twin.yaml's {@code faults} list: each entry a bare name ({@code slow-reboot}) or a
     * one-key map from a name to its parameters ({@code {flaky: {verb: facts, failures: 2}}}).
     * An unknown name or parameter is refused with what is known.
     */
    public static Faults parse(List<?> entries) {
        EnumSet<Fault> set = EnumSet.noneOf(Fault.class);
        List<Object> settings = new ArrayList<>();
        for (Object entry : entries) {
            String name;
            Map<String, ?> parameters;
            if (entry instanceof String s) {
                name = s;
                parameters = Map.of();
            } else if (entry instanceof Map<?, ?> m && m.size() == 1 && m.keySet().iterator().next() instanceof String key
                    && (m.get(key) == null || m.get(key) instanceof Map<?, ?>)) {
                name = key;
                @SuppressWarnings("unchecked")
                Map<String, ?> p = (Map<String, ?>) m.get(key);
                parameters = p;
            } else {
                throw new IllegalArgumentException("fault entry " + entry + ": expected a fault name or {name: {parameter: value}}");
            }
            Fault fault = Fault.byName(name).orElseThrow(() -> new IllegalArgumentException("unknown fault '" + name + "'; known: "
                    + Arrays.stream(Fault.values()).map(Fault::yamlName).collect(Collectors.joining(", "))));
            set.add(fault);
            Object setting = fault.setting(new FaultParameters(name, parameters));
            if (setting != null) settings.add(setting);
        }
        return new Faults(set, settings);
    }

    public Set<Fault> active() {
        return active;
    }

    public boolean has(Fault fault) {
        return active.contains(fault);
    }

    /** The first setting of this type (e.g. {@code setting(QemuCrash.class)}), if that fault is active. */
    public <T> Optional<T> setting(Class<T> type) {
        return settings.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /**
     * The decision point of {@link DropConnection}: counts this call of {@code verb}; true when its
     * SSH session must drop after the verb did its work.
     */
    public boolean dropsConnection(String verb) {
        boolean drop = false;
        for (Object s : settings) {
            if (s instanceof DropConnection d && d.dropsNow(verb)) drop = true;
        }
        return drop;
    }

    /** The decision point of {@link Flaky}: counts this call of {@code verb}; the failure message when it must fail. */
    public Optional<String> transientFailure(String verb) {
        Optional<String> failure = Optional.empty();
        for (Object s : settings) {
            if (s instanceof Flaky f) {
                Optional<String> mine = f.failureOf(verb);
                if (failure.isEmpty()) failure = mine;
            }
        }
        return failure;
    }

    @Override
    public String toString() {
        return active.stream().map(Fault::yamlName).sorted().collect(Collectors.joining(", ", "[", "]"));
    }
}
