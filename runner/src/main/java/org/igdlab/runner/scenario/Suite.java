package org.igdlab.runner.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A suite: axes, the constraints that exclude some of their combinations, the coverage that picks
 * the cells ({@link Coverage}), and the cells that must always be there. {@code axes} keeps the
 * file's order.
 *
 * @param constraints   combinations that are not run, each with its reason
 * @param alwaysInclude partial axis assignments (axis → value) that some cell must have
 * @param seed          the t-way generator's seed: the same suite always gives the same cells
 * @param control       the control configurations each host in the plan runs before its cells
 *                      (empty: no control cells), each once
 * @param guest         the guest OS of every cell when the suite has no {@code guest} axis; with one,
 *                      its first value
 */
public record Suite(String name, String description, Coverage coverage, String guest, Map<String, List<String>> axes,
                    List<Exclusion> constraints, List<Map<String, String>> alwaysInclude, long seed,
                    List<ControlSpec> control) {

    /** The seed a suite uses when it names none. */
    public static final long DEFAULT_SEED = 1;

    public Suite {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(coverage, "coverage");
        Objects.requireNonNull(guest, "guest");
        LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : axes.entrySet()) {
            if (!Axes.known(e.getKey())) {
                throw new IllegalArgumentException("axis (" + e.getKey() + ") is not one of " + Axes.names());
            }
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("axis " + e.getKey() + " has no values");
            }
            for (String v : e.getValue()) {
                if (!Axes.allows(e.getKey(), v)) {
                    throw new IllegalArgumentException("axis " + e.getKey() + " value (" + v + ") is not one of "
                            + Axes.allowed(e.getKey()));
                }
            }
            if (e.getValue().stream().distinct().count() != e.getValue().size()) {
                throw new IllegalArgumentException("axis " + e.getKey() + " repeats a value: " + e.getValue());
            }
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        for (String r : Axes.REQUIRED) {
            if (!copy.containsKey(r)) {
                throw new IllegalArgumentException("suite " + name + " has no '" + r + "' axis (required: " + Axes.REQUIRED + ")");
            }
        }
        axes = Collections.unmodifiableMap(copy);
        constraints = List.copyOf(constraints);
        for (Exclusion x : constraints) {
            for (Map.Entry<String, java.util.Set<String>> w : x.when().entrySet()) {
                if (!axes.containsKey(w.getKey())) {
                    throw new IllegalArgumentException("constraint " + x.id() + " names axis " + w.getKey()
                            + ", which suite " + name + " does not vary (axes: " + axes.keySet() + ")");
                }
            }
        }
        List<Map<String, String>> include = new ArrayList<>();
        for (Map<String, String> a : alwaysInclude) {
            for (Map.Entry<String, String> e : a.entrySet()) {
                List<String> values = axes.get(e.getKey());
                if (values == null || !values.contains(e.getValue())) {
                    throw new IllegalArgumentException("always-include " + a + ": " + e.getKey() + "=" + e.getValue()
                            + " is not a value of the suite's axes " + axes);
                }
            }
            include.add(Collections.unmodifiableMap(new LinkedHashMap<>(a)));
        }
        alwaysInclude = List.copyOf(include);
        control = List.copyOf(control);
        if (control.stream().distinct().count() != control.size()) {
            throw new IllegalArgumentException("suite " + name + " repeats a control configuration: " + control);
        }
    }

    /** A suite without control cells. */
    public Suite(String name, String description, Coverage coverage, String guest, Map<String, List<String>> axes,
                 List<Exclusion> constraints, List<Map<String, String>> alwaysInclude, long seed) {
        this(name, description, coverage, guest, axes, constraints, alwaysInclude, seed, List.of());
    }

    /** A suite of the full product, without constraints. */
    public Suite(String name, String description, Coverage coverage, String guest, Map<String, List<String>> axes) {
        this(name, description, coverage, guest, axes, List.of(), List.of(), DEFAULT_SEED, List.of());
    }

    /** The guests the suite's cells boot: its {@code guest} axis, or the one top-level guest. */
    public List<String> guests() {
        return axes.containsKey(Axes.GUEST) ? axes.get(Axes.GUEST) : List.of(guest);
    }

    /** The kernel releases the suite names on its {@code kernel} axis ({@code default} left out), in suite order. */
    public List<String> kernels() {
        return axes.getOrDefault(Axes.KERNEL, List.of()).stream()
                .filter(k -> !k.equals(Axes.DEFAULTS.get(Axes.KERNEL))).toList();
    }

    /** The qemu builds the suite names on its {@code qemu} axis ({@code default} left out), in suite order. */
    public List<String> qemuBuilds() {
        return axes.getOrDefault(Axes.QEMU, List.of()).stream()
                .filter(q -> !q.equals(Axes.DEFAULTS.get(Axes.QEMU))).toList();
    }

    /** The number of cells of the full product, before constraints. */
    public int size() {
        return axes.values().stream().mapToInt(List::size).reduce(1, Math::multiplyExact);
    }

    /** The cells to run and (full coverage) the excluded ones. A t-way suite runs the generator: call once. */
    public CellSelection select() {
        return CellSelection.of(this);
    }

    /** The cells to run: see {@link CellSelection}. */
    public List<Cell> cells() {
        return select().cells();
    }
}
