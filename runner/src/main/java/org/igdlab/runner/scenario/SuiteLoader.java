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
    private static final Set<String> KEYS = Set.of("version", "suite", "description", "coverage", "guest", "axes");
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
            coverage = Coverage.valueOf(root.get("coverage").get().oneOf(List.of("full")).toUpperCase());
        }
        String guest = root.require("guest").oneOf(List.of("linux", "windows"));
        Mapping axesNode = root.require("axes").asMapping("a mapping of axis name to values");
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : axesNode.entries().entrySet()) {
            String axis = e.getKey();
            if (!Axes.KNOWN.containsKey(axis)) {
                throw axesNode.keyError(axis, "expected one of " + Axes.KNOWN.keySet() + ", found unknown axis '"
                        + axis + "'");
            }
            List<String> values = new ArrayList<>();
            for (Node v : e.getValue().asSequence("a list of " + axis + " values " + Axes.KNOWN.get(axis)).items()) {
                String value = Axes.value(axis, v);
                if (values.contains(value)) {
                    throw v.expected("each " + axis + " value once");
                }
                values.add(value);
            }
            if (values.isEmpty()) {
                throw e.getValue().expected("at least one value of " + Axes.KNOWN.get(axis));
            }
            axes.put(axis, values);
        }
        for (String required : Axes.REQUIRED) {
            if (!axes.containsKey(required)) {
                throw axesNode.error("expected a '" + required + "' axis (required: " + Axes.REQUIRED + "), found none");
            }
        }
        return new Suite(name, description, coverage, guest, axes);
    }
}
