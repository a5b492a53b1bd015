package org.igdlab.runner.scenario;

import org.igdlab.runner.inventory.YamlSource;
import org.igdlab.runner.inventory.YamlSource.Invalid;
import org.igdlab.runner.inventory.YamlSource.Mapping;
import org.igdlab.runner.inventory.YamlSource.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a suite file (scenarios/suites/*.yaml). Errors read {@code FILE:LINE:COLUMN: …}. */
public final class SuiteLoader {
    private static final Set<String> KEYS = Set.of("version", "suite", "description", "coverage", "seed", "guest", "axes",
            "constraints", "always-include", "control");
    private static final Set<String> CONTROL_KEYS = Set.of(Axes.MACHINE, Axes.FIRMWARE);
    private static final Set<String> CONSTRAINT_KEYS = Set.of("id", "when", "exclude", "reason");
    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
    private static final Pattern TEXT = Pattern.compile("^[^\\x00]*$");

    private SuiteLoader() {
    }

    public static Suite load(Path file) throws ScenarioException {
        try {
            return read(YamlSource.read(file));
        } catch (Invalid e) {
            throw new ScenarioException(e.getMessage(), e.getCause() == null ? e : e.getCause());
        }
    }

    private static Suite read(Node rootNode) throws Invalid {
        Mapping root = rootNode.asMapping("a suite mapping {version, suite, description, coverage, guest, axes}");
        root.onlyKeys(KEYS);
        root.require("version").integer(1, 1, "version 1");
        String name = root.require("suite").string(NAME, "a suite name matching " + NAME.pattern());
        String description = root.get("description").isPresent()
                ? root.get("description").get().string(TEXT, "a description") : "";
        Coverage coverage = Coverage.FULL;
        if (root.get("coverage").isPresent()) {
            coverage = Coverage.fromId(root.get("coverage").get().oneOf(Coverage.ids()));
        }
        long seed = root.get("seed").isPresent()
                ? root.get("seed").get().integer(0, Long.MAX_VALUE, "a seed (a non-negative integer)") : Suite.DEFAULT_SEED;
        Node guestNode = root.get("guest").orElse(null);
        String topLevelGuest = guestNode == null ? Axes.DEFAULTS.get(Axes.GUEST) : guestNode.oneOf(Axes.KNOWN.get(Axes.GUEST));
        Mapping axesNode = root.require("axes").asMapping("a mapping of axis name to values");
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : axesNode.entries().entrySet()) {
            String axis = e.getKey();
            if (!Axes.known(axis)) {
                throw axesNode.keyError(axis, "expected one of " + Axes.names() + ", found unknown axis '"
                        + axis + "'");
            }
            List<String> values = new ArrayList<>();
            for (Node v : e.getValue().asSequence("a list of " + axis + " values " + Axes.allowed(axis)).items()) {
                String value = Axes.value(axis, v);
                if (values.contains(value)) {
                    throw v.expected("each " + axis + " value once");
                }
                values.add(value);
            }
            if (values.isEmpty()) {
                throw e.getValue().expected("at least one value of " + Axes.allowed(axis));
            }
            axes.put(axis, values);
        }
        // One place decides a cell's guest: the guest axis when the suite varies it, else the top-level key.
        if (guestNode != null && axes.containsKey(Axes.GUEST)) {
            throw guestNode.error("expected the guest named once: a top-level 'guest:' or a 'guest' axis "
                    + Axes.allowed(Axes.GUEST) + ", found both (drop the top-level key to vary the guest)");
        }
        String guest = axes.containsKey(Axes.GUEST) ? axes.get(Axes.GUEST).get(0) : topLevelGuest;
        for (String required : Axes.REQUIRED) {
            if (!axes.containsKey(required)) {
                throw axesNode.error("expected a '" + required + "' axis (required: " + Axes.REQUIRED + "), found none");
            }
        }
        List<Exclusion> constraints = new ArrayList<>();
        if (root.get("constraints").isPresent()) {
            Set<String> ids = new java.util.HashSet<>();
            for (Node item : root.get("constraints").get()
                    .asSequence("a list of constraints {id, when, exclude: true, reason}").items()) {
                constraints.add(readConstraint(item, axes, ids));
            }
        }
        List<Map<String, String>> alwaysInclude = new ArrayList<>();
        if (root.get("always-include").isPresent()) {
            for (Node item : root.get("always-include").get()
                    .asSequence("a list of axis assignments like {generation: coffee-lake, x-igd-gms: 0x10}").items()) {
                alwaysInclude.add(readAssignment(item, axes, constraints));
            }
        }
        List<ControlSpec> control = root.get("control").isPresent() ? readControl(root.get("control").get()) : List.of();
        try {
            return new Suite(name, description, coverage, guest, axes, constraints, alwaysInclude, seed, control);
        } catch (IllegalArgumentException e) {
            throw root.error(e.getMessage());
        }
    }

    /** {@code {id, when: {axis: value | [values]}, exclude: true, reason}}. */
    private static Exclusion readConstraint(Node item, Map<String, List<String>> axes, Set<String> ids) throws Invalid {
        Mapping c = item.asMapping("a constraint {id, when, exclude: true, reason}");
        c.onlyKeys(CONSTRAINT_KEYS);
        Node idNode = c.require("id");
        String id = idNode.string(Exclusion.ID, "a constraint id matching " + Exclusion.ID.pattern());
        if (!ids.add(id)) {
            throw idNode.expected("a unique constraint id");
        }
        if (c.get("exclude").isPresent() && !c.get("exclude").get().bool("exclude: true")) {
            throw c.get("exclude").get().expected("exclude: true (a constraint excludes the cells it matches)");
        }
        Mapping when = c.require("when").asMapping("a mapping of axis conditions {axis: value or [values]}");
        if (when.entries().isEmpty()) {
            throw c.require("when").expected("at least one axis condition");
        }
        Map<String, Set<String>> conditions = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : when.entries().entrySet()) {
            String axis = e.getKey();
            if (!axes.containsKey(axis)) {
                throw when.keyError(axis, "expected one of the suite's axes " + axes.keySet() + ", found '" + axis + "'");
            }
            Set<String> values = new java.util.LinkedHashSet<>();
            List<Node> nodes = e.getValue() instanceof YamlSource.Sequence seq ? seq.items() : List.of(e.getValue());
            if (nodes.isEmpty()) {
                throw e.getValue().expected("at least one value of " + axes.get(axis));
            }
            for (Node v : nodes) {
                String value = Axes.value(axis, v);
                if (!axes.get(axis).contains(value)) {
                    throw v.expected("one of the suite's " + axis + " values " + axes.get(axis));
                }
                values.add(value);
            }
            conditions.put(axis, values);
        }
        String reason = c.require("reason").string(Pattern.compile("^(?s).*\\S.*$"), "a reason (why these cells are not run)");
        return new Exclusion(id, conditions, reason);
    }

    /**
     * {@code control: {machine: [pc, q35], firmware: [seabios, ovmf]}} (every machine with every
     * firmware) or {@code control: [{machine: pc, firmware: seabios}, …]} (exactly these). The
     * values are any of the lab's machines and firmwares, whether the suite's axes vary them or not.
     */
    private static List<ControlSpec> readControl(Node node) throws Invalid {
        String shape = "a control block: {machine: [..], firmware: [..]} or a list of {machine: M, firmware: F}";
        List<ControlSpec> out = new ArrayList<>();
        if (node instanceof YamlSource.Sequence seq) {
            if (seq.items().isEmpty()) {
                throw node.expected("at least one control configuration {machine: M, firmware: F}");
            }
            for (Node item : seq.items()) {
                Mapping m = item.asMapping("a control configuration {machine: M, firmware: F}");
                m.onlyKeys(CONTROL_KEYS);
                ControlSpec spec = new ControlSpec(Axes.value(Axes.MACHINE, m.require(Axes.MACHINE)),
                        Axes.value(Axes.FIRMWARE, m.require(Axes.FIRMWARE)));
                if (out.contains(spec)) {
                    throw item.expected("each control configuration once");
                }
                out.add(spec);
            }
            return List.copyOf(out);
        }
        Mapping m = node.asMapping(shape);
        m.onlyKeys(CONTROL_KEYS);
        List<String> machines = controlValues(m.require(Axes.MACHINE), Axes.MACHINE);
        List<String> firmwares = controlValues(m.require(Axes.FIRMWARE), Axes.FIRMWARE);
        for (String machine : machines) {
            for (String firmware : firmwares) {
                out.add(new ControlSpec(machine, firmware));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> controlValues(Node node, String axis) throws Invalid {
        List<String> values = new ArrayList<>();
        for (Node v : node.asSequence("a list of " + axis + " values " + Axes.KNOWN.get(axis)).items()) {
            String value = Axes.value(axis, v);
            if (values.contains(value)) {
                throw v.expected("each " + axis + " value once");
            }
            values.add(value);
        }
        if (values.isEmpty()) {
            throw node.expected("at least one value of " + Axes.KNOWN.get(axis));
        }
        return values;
    }

    /** {@code {axis: value, …}}: each axis one of the suite's, each value one of that axis's values in the suite. */
    private static Map<String, String> readAssignment(Node item, Map<String, List<String>> axes,
                                                      List<Exclusion> constraints) throws Invalid {
        Mapping m = item.asMapping("an axis assignment like {generation: coffee-lake, x-igd-gms: 0x10}");
        if (m.entries().isEmpty()) {
            throw item.expected("at least one axis value");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            String axis = e.getKey();
            if (!axes.containsKey(axis)) {
                throw m.keyError(axis, "expected one of the suite's axes " + axes.keySet() + ", found '" + axis + "'");
            }
            String value = Axes.value(axis, e.getValue());
            if (!axes.get(axis).contains(value)) {
                throw e.getValue().expected("one of the suite's " + axis + " values " + axes.get(axis));
            }
            out.put(axis, value);
        }
        for (Exclusion x : constraints) {
            if (x.when().keySet().stream().allMatch(out::containsKey) && x.excludes(out)) {
                throw item.error("always-include " + out + " is excluded by constraint " + x.id() + " (" + x.reason() + ")");
            }
        }
        return out;
    }
}
